package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The assertion is restricted to audiences, and every {@code AudienceRestriction} names our SP entity ID (core
 * §2.5.1.4: each restriction must be met; profiles §4.1.4.2: it must include ours). An assertion for another SP is
 * not ours to use.
 */
final class AudienceRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        Element conditions = SamlXml.child(response.assertion(), SamlNames.ASSERTION_NS, "Conditions")
                .orElseThrow();
        List<Element> restrictions = SamlXml.children(conditions, SamlNames.ASSERTION_NS, "AudienceRestriction");
        if (restrictions.isEmpty()) {
            throw SamlRejection.invalid("saml-missing-audience");
        }
        for (Element restriction : restrictions) {
            boolean ours = SamlXml.children(restriction, SamlNames.ASSERTION_NS, "Audience").stream()
                    .map(PlainText::of)
                    .anyMatch((audience) -> audience != null
                            && audience.strip().equals(response.sp().entityId()));
            if (!ours) {
                throw SamlRejection.invalid("saml-wrong-audience");
            }
        }
    }
}
