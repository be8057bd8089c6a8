package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlXml;

/** The message is a {@code samlp:Response} of SAML 2.0 with an {@code ID} (core §3.2.2, §3.4). */
final class ResponseElementRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (!SamlXml.is(response.response(), SamlNames.PROTOCOL_NS, "Response")) {
            throw SamlRejection.invalid("saml-not-a-response");
        }
        if (!"2.0".equals(response.response().getAttributeNS(null, "Version"))) {
            throw SamlRejection.invalid("saml-wrong-version");
        }
        if (response.response().getAttributeNS(null, "ID").isBlank()) {
            throw SamlRejection.invalid("saml-missing-id");
        }
    }
}
