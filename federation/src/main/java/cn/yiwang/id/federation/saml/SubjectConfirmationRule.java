package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The assertion has one {@code Subject}, with a bearer {@code SubjectConfirmation} whose data names our assertion
 * consumer service as {@code Recipient}, answers our request ({@code InResponseTo}) and expires
 * ({@code NotOnOrAfter}, with the clock skew), and has no {@code NotBefore} in the future (profiles §4.1.4.2).
 * These are inside the signed assertion, unlike the response's own Destination and InResponseTo. When no bearer
 * confirmation holds, the first one's defect is named.
 */
final class SubjectConfirmationRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        List<Element> subjects = SamlXml.children(response.assertion(), SamlNames.ASSERTION_NS, "Subject");
        if (subjects.size() != 1) {
            throw SamlRejection.invalid("saml-missing-subject");
        }
        String firstDefect = null;
        for (Element confirmation : SamlXml.children(subjects.get(0), SamlNames.ASSERTION_NS, "SubjectConfirmation")) {
            if (!SamlNames.CM_BEARER.equals(confirmation.getAttributeNS(null, "Method"))) {
                continue;
            }
            String defect = defect(confirmation, response);
            if (defect == null) {
                return;
            }
            firstDefect = (firstDefect != null) ? firstDefect : defect;
        }
        throw SamlRejection.invalid((firstDefect != null) ? firstDefect : "saml-no-bearer-confirmation");
    }

    private static String defect(Element confirmation, SamlResponseCheck response) throws SamlRejection {
        List<Element> all = SamlXml.children(confirmation, SamlNames.ASSERTION_NS, "SubjectConfirmationData");
        if (all.size() != 1) {
            return "saml-missing-confirmation-data";
        }
        Element data = all.get(0);
        if (!response.sp().assertionConsumerServiceUrl().equals(data.getAttributeNS(null, "Recipient"))) {
            return "saml-wrong-recipient";
        }
        if (!response.requestId().equals(data.getAttributeNS(null, "InResponseTo"))) {
            return "saml-wrong-confirmation-in-response-to";
        }
        Instant now = response.now();
        Instant notBefore = SamlResponseCheck.time(data, "NotBefore");
        if (notBefore != null && now.plus(response.clockSkew()).isBefore(notBefore)) {
            return "saml-confirmation-not-yet-valid";
        }
        Instant notOnOrAfter = SamlResponseCheck.time(data, "NotOnOrAfter");
        if (notOnOrAfter == null) {
            return "saml-confirmation-missing-expiry";
        }
        if (!now.minus(response.clockSkew()).isBefore(notOnOrAfter)) {
            return "saml-confirmation-expired";
        }
        response.noteExpiry(notOnOrAfter);
        return null;
    }
}
