package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlRules;
import java.util.List;

/**
 * Validates a SAML response by running its rules in order ({@link SamlResponseRules#standard}); the first rule
 * that fails names the rejection.
 */
final class SamlResponseValidator {

    private final SamlRules<SamlResponseCheck, SamlRejection> rules;

    SamlResponseValidator(List<SamlResponseRule> rules) {
        this.rules = SamlRules.of(rules);
    }

    /**
     * Validates a response.
     * @param response the response and what it is checked against; filled in by the rules
     * @throws SamlRejection the first rule that does not hold
     */
    void validate(SamlResponseCheck response) throws SamlRejection {
        this.rules.check(response);
    }
}
