package cn.yiwang.id.server.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Our SAML key: signs responses, metadata, logout messages and our AuthnRequests upstream, and
 * decrypts assertions sent to us; the certificate is what peers pin from our metadata.
 *
 * @param privateKey the RSA private key
 * @param certificate its self-signed certificate
 */
public record SamlCredential(PrivateKey privateKey, X509Certificate certificate) {

    @Override
    public String toString() {
        return "SamlCredential[" + this.certificate.getSubjectX500Principal() + "]";
    }
}
