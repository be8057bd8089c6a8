package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.XmlSignatures;

/**
 * When the response is signed, its signature is over exactly this {@code samlp:Response} (the one reference
 * points at its ID, enveloped and exclusive-C14N transforms only) and verifies with a certificate from the IdP's
 * metadata; a key in the message's {@code KeyInfo} is never used. The assertion later read is the response's direct
 * child, so it is inside what was verified.
 */
final class ResponseSignatureRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (!XmlSignatures.isSigned(response.response())) {
            return;
        }
        if (!XmlSignatures.verify(response.response(), response.trustedCertificates())) {
            throw SamlRejection.invalid("saml-response-signature-invalid");
        }
        response.responseVerified(true);
    }
}
