package cn.yiwang.id.server.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Signing keys in PostgreSQL: one active key per algorithm (RS256 and ES256), generated on first
 * start, private parts encrypted under the master key.
 */
public final class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final JdbcClient jdbc;
    private final MasterKeyCipher cipher;
    private final Clock clock;

    public SigningKeyStore(JdbcClient jdbc, SigningKeyProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = new MasterKeyCipher(properties.masterKey());
        this.clock = clock;
    }

    /** Creates the missing active keys, then returns the active key of each algorithm. */
    public List<JWK> activeKeys() {
        Map<String, JWK> byAlgorithm = new LinkedHashMap<>();
        for (JWSAlgorithm algorithm : ALGORITHMS) {
            byAlgorithm.put(algorithm.getName(), activeKey(algorithm.getName(), () -> generate(algorithm)));
        }
        return new ArrayList<>(byAlgorithm.values());
    }

    /**
     * The active key stored under {@code algorithm} (a JWS name, or a purpose such as our SAML key),
     * created with {@code generator} when there is none.
     */
    public JWK activeKey(String algorithm, Supplier<JWK> generator) {
        JWK key = load(algorithm);
        if (key == null) {
            insert(algorithm, generator.get());
            // Read back rather than use our own: when two nodes start together, both settle on the oldest.
            key = load(algorithm);
        }
        return key;
    }

    /** A 32-byte key for one purpose, derived from the master key (the same on every node). */
    public byte[] derivedKey(String label) {
        return this.cipher.derive(label);
    }

    private JWK load(String algorithm) {
        return this.jdbc
                .sql("SELECT private_key_encrypted FROM signing_key WHERE algorithm = ? AND status = 'ACTIVE' "
                        + "ORDER BY created_at, kid")
                .param(algorithm)
                .query(String.class)
                .list()
                .stream()
                .findFirst()
                .map(this::parse)
                .orElse(null);
    }

    private JWK parse(String encrypted) {
        try {
            return JWK.parse(this.cipher.decrypt(encrypted));
        } catch (ParseException ex) {
            throw new IllegalStateException("A stored signing key is not a valid JWK", ex);
        }
    }

    private void insert(String algorithm, JWK key) {
        this.jdbc
                .sql("INSERT INTO signing_key (kid, algorithm, public_jwk, private_key_encrypted, status, created_at) "
                        + "VALUES (?, ?, ?, ?, 'ACTIVE', ?)")
                .params(
                        key.getKeyID(),
                        algorithm,
                        key.toPublicJWK().toJSONString(),
                        this.cipher.encrypt(key.toJSONString()),
                        java.sql.Timestamp.from(this.clock.instant()))
                .update();
        log.info("Generated a new {} signing key with kid {}", algorithm, key.getKeyID());
    }

    private JWK generate(JWSAlgorithm algorithm) {
        String kid = algorithm.getName().toLowerCase() + "-"
                + Instant.now(this.clock).getEpochSecond() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256)
                        .keyID(kid)
                        .keyUse(KeyUse.SIGNATURE)
                        .algorithm(algorithm)
                        .generate();
            }
            return new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(algorithm)
                    .generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
        }
    }
}
