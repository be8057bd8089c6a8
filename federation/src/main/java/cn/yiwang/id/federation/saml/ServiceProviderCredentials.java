package cn.yiwang.id.federation.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * Our keys as a SAML service provider towards the provincial IdPs: the key our AuthnRequests are signed with, the
 * key encrypted assertions are decrypted with, and the certificate our SP metadata publishes for both. The
 * application that assembles the federation provides it (the auth-server keeps the keys).
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
}
