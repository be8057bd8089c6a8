package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The assertion has one {@code Conditions}, and now lies in {@code [NotBefore, NotOnOrAfter)} with the configured
 * clock skew on either side (core §2.5.1.2). {@code NotOnOrAfter} is required: an assertion that never expires
 * could be replayed once the replay cache has forgotten it.
 */
final class ConditionsTimeRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        List<Element> all = SamlXml.children(response.assertion(), SamlNames.ASSERTION_NS, "Conditions");
        if (all.size() != 1) {
            throw SamlRejection.invalid("saml-missing-conditions");
        }
        Element conditions = all.get(0);
        Instant now = response.now();
        Instant notBefore = SamlResponseCheck.time(conditions, "NotBefore");
        if (notBefore != null && now.plus(response.clockSkew()).isBefore(notBefore)) {
            throw SamlRejection.invalid("saml-not-yet-valid");
        }
        Instant notOnOrAfter = SamlResponseCheck.time(conditions, "NotOnOrAfter");
        if (notOnOrAfter == null) {
            throw SamlRejection.invalid("saml-missing-expiry");
        }
        if (!now.minus(response.clockSkew()).isBefore(notOnOrAfter)) {
            throw SamlRejection.invalid("saml-expired");
        }
        response.noteExpiry(notOnOrAfter);
    }
}
