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
 * Our SAML IdP's key pairs and certificates ({@link KeyRole#SAML_IDP_SIGNING}), kept with every other key in
 * PostgreSQL ({@link SigningKeys}), so every node signs with the same key and publishes the same certificates: the
 * active key signs, and the metadata lists the active, next and retired certificates.
 */
public final class SamlKeyStore {

    private static final String ALGORITHM = "RS256";

    private final SigningKeys keys;
    private final Map<String, SamlCredential> credentials = new ConcurrentHashMap<>();

    public SamlKeyStore(SigningKeys keys) {
        this.keys = keys;
    }

    /** @return the key that signs now, with its certificate */
    public SamlCredential credential() {
        return credential(this.keys.active(KeyRole.SAML_IDP_SIGNING, ALGORITHM));
    }

    /** @return the certificates to publish for signing: the active one first, then the next and the retired */
    public List<X509Certificate> publishedCertificates() {
        return this.keys.published(KeyRole.SAML_IDP_SIGNING).stream()
                .map(StoredKey::certificate)
                .toList();
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
