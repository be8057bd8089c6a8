package cn.yiwang.id.server.saml;

import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.keys.StoredKey;
import com.nimbusds.jose.JOSEException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our SAML key pairs and certificates, kept with every other key in PostgreSQL ({@link SigningKeys}) so every node
 * uses and publishes the same ones: one role each for the IdP's signatures ({@link KeyRole#SAML_IDP_SIGNING}), the
 * service provider's signatures ({@link KeyRole#SAML_SP_SIGNING}) and its decryption
 * ({@link KeyRole#SAML_SP_DECRYPTION}). The active key of a role is used; metadata lists the active, next and
 * retired certificates.
 */
public final class SamlKeyStore {

    private final SigningKeys keys;
    private final Map<String, SamlCredential> credentials = new ConcurrentHashMap<>();

    public SamlKeyStore(SigningKeys keys) {
        this.keys = keys;
    }

    /** @return the IdP's key that signs now, with its certificate */
    public SamlCredential credential() {
        return credential(KeyRole.SAML_IDP_SIGNING);
    }

    /**
     * The key a SAML role uses now.
     * @param role one of the SAML roles
     * @return its active key with its certificate
     */
    public SamlCredential credential(KeyRole role) {
        return credential(this.keys.active(role, algorithm(role)));
    }

    /** @return the IdP's certificates to publish for signing: the active one first, then the next and the retired */
    public List<X509Certificate> publishedCertificates() {
        return publishedCertificates(KeyRole.SAML_IDP_SIGNING);
    }

    /**
     * The certificates of a SAML role to publish.
     * @param role one of the SAML roles
     * @return the active one first, then the next and the retired
     */
    public List<X509Certificate> publishedCertificates(KeyRole role) {
        return this.keys.published(role).stream().map(StoredKey::certificate).toList();
    }

    /**
     * The keys of a SAML role that may still be used: what a peer encrypted to any certificate we publish can be
     * decrypted.
     * @param role one of the SAML roles
     * @return the active one first, then the next and the retired
     */
    public List<SamlCredential> publishedCredentials(KeyRole role) {
        return this.keys.published(role).stream().map(this::credential).toList();
    }

    private static String algorithm(KeyRole role) {
        return role.algorithms().get(0).getName();
    }

    private SamlCredential credential(StoredKey key) {
        return this.credentials.computeIfAbsent(key.kid(), (kid) -> {
            try {
                return new SamlCredential(key.jwk().toRSAKey().toPrivateKey(), key.certificate());
            } catch (JOSEException | RuntimeException ex) {
                throw new IllegalStateException("The stored SAML key " + kid + " is not valid", ex);
            }
        });
    }
}
