package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SecureXml;

/**
 * The {@code SAMLResponse} is base64 (bindings §3.5.4), at most {@code max-response-size} bytes decoded, and XML
 * without a DOCTYPE: no DTD, so no entity expansion (billion laughs) and no external entities (XXE).
 */
final class ParseRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        String encoded = response.encodedResponse();
        // base64 of n bytes takes 4n/3 characters; refuse before decoding anything larger
        if (encoded != null && encoded.length() > (long) response.maxBytes() * 4 / 3 + 1024) {
            throw SamlRejection.invalid("saml-message-too-large");
        }
        try {
            byte[] xml = PostBinding.decode(encoded);
            if (xml.length > response.maxBytes()) {
                throw SamlRejection.invalid("saml-message-too-large");
            }
            response.document(SecureXml.parse(xml));
        } catch (SamlException ex) {
            throw SamlRejection.invalid("saml-" + ex.reason().replace('_', '-'));
        }
    }
}
