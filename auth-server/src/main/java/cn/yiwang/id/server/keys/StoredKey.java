package cn.yiwang.id.server.keys;

import com.nimbusds.jose.jwk.JWK;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * One key of a role, as every node reads it from PostgreSQL.
 *
 * @param kid its key id (also the JWK's {@code kid})
 * @param role what it is for
 * @param algorithm the JWS algorithm name, e.g. {@code RS256}
 * @param jwk the key pair (private part decrypted)
 * @param certificate its self-signed certificate for the SAML roles, else {@code null}
 * @param createdAt when it was generated, and so first published
 * @param activatesAt when it starts to be the key its role and algorithm use
 */
public record StoredKey(
        String kid,
        KeyRole role,
        String algorithm,
        JWK jwk,
        X509Certificate certificate,
        Instant createdAt,
        Instant activatesAt) {

    @Override
    public String toString() {
        return "StoredKey[" + this.kid + ", " + this.role.id() + ", activates " + this.activatesAt + "]";
    }
}
