package cn.yiwang.id.federation.saml;

import java.util.List;

/**
 * Validates a SAML response by running its rules in order ({@link SamlResponseRules#standard}); the first rule
 * that fails names the rejection.
 */
final class SamlResponseValidator {

    private final List<SamlResponseRule> rules;

    SamlResponseValidator(List<SamlResponseRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Validates a response.
     * @param response the response and what it is checked against; filled in by the rules
     * @throws SamlRejection the first rule that does not hold
     */
    void validate(SamlResponseCheck response) throws SamlRejection {
        for (SamlResponseRule rule : this.rules) {
            rule.check(response);
        }
    }
}
