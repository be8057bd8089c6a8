package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.XmlSignatures;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The response's {@code Issuer}, when present, is the IdP's entity ID; it must be present when the response is
 * signed (profiles §4.1.4.2).
 */
final class ResponseIssuerRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        List<Element> issuers = SamlXml.children(response.response(), SamlNames.ASSERTION_NS, "Issuer");
        if (issuers.isEmpty()) {
            if (XmlSignatures.isSigned(response.response())) {
                throw SamlRejection.invalid("saml-missing-response-issuer");
            }
            return;
        }
        if (issuers.size() > 1
                || !IssuerValue.matches(issuers.get(0), response.idp().entityId())) {
            throw SamlRejection.invalid("saml-wrong-response-issuer");
        }
    }
}
