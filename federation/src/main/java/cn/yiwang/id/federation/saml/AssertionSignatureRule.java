package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.XmlSignatures;

/**
 * When the assertion is signed, its signature is over exactly this assertion and verifies with a certificate from
 * the IdP's metadata (profiles §4.1.3.5); and the assertion is covered by a verified signature, its own or the
 * response's (§4.1.4.2). An unsigned assertion in an unsigned response is refused.
 */
final class AssertionSignatureRule implements SamlResponseRule {

    @Override
    public void check(SamlResponseCheck response) throws SamlRejection {
        if (XmlSignatures.isSigned(response.assertion())) {
            if (!XmlSignatures.verify(response.assertion(), response.trustedCertificates())) {
                throw SamlRejection.invalid("saml-assertion-signature-invalid");
            }
            response.assertionVerified(true);
        }
        if (!response.assertionVerified() && !response.responseVerified()) {
            throw SamlRejection.invalid("saml-unsigned");
        }
    }
}
