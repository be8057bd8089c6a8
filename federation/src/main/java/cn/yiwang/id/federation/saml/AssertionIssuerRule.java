package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import java.util.List;
import org.w3c.dom.Element;

/** The assertion's {@code Issuer} is present and is the IdP's entity ID (core §2.3.3, profiles §4.1.4.2). */
final class AssertionIssuerRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        List<Element> issuers = SamlXml.children(response.assertion(), SamlNames.ASSERTION_NS, "Issuer");
        if (issuers.size() != 1
                || !IssuerValue.matches(issuers.get(0), response.idp().entityId())) {
            throw SamlRejection.invalid("saml-wrong-assertion-issuer");
        }
    }
}
