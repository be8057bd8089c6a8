package cn.yiwang.id.federation.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Our keys as a SAML service provider towards the provincial IdPs: the key our AuthnRequests are signed with, the
 * key encrypted assertions are decrypted with, and the certificates our SP metadata publishes for each. The
 * application that assembles the federation provides it (the auth-server keeps the keys, one pair per role, and
 * rotates them: the lists hold the active key first, then the next and the retired).
 */
public interface ServiceProviderCredentials {

    /** @return the private key AuthnRequests are signed with (RSA) */
    PrivateKey signingKey();

    /** @return the certificate of the signing key, published in our SP metadata for signing */
    X509Certificate certificate();

    /** @return the private key encrypted assertions are decrypted with; by default the signing key */
    default PrivateKey decryptionKey() {
        return signingKey();
    }

    /** @return the certificate IdPs encrypt assertions to; by default {@link #certificate()} */
    default X509Certificate encryptionCertificate() {
        return certificate();
    }

    /** @return the certificates to publish with {@code use="signing"}; by default {@link #certificate()} */
    default List<X509Certificate> signingCertificates() {
        return List.of(certificate());
    }

    /** @return the certificates to publish with {@code use="encryption"}; by default {@link #encryptionCertificate()} */
    default List<X509Certificate> encryptionCertificates() {
        return List.of(encryptionCertificate());
    }

    /** @return every key an assertion encrypted to a published certificate may need; by default {@link #decryptionKey()} */
    default List<PrivateKey> decryptionKeys() {
        return List.of(decryptionKey());
    }
}
