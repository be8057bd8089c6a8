package cn.yiwang.id.server.keys;

import cn.yiwang.id.saml.Certificates;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys of every {@link KeyRole} in PostgreSQL (the source of truth for all nodes), private parts encrypted under
 * the master key. Each role has key pairs of its own. Changes happen under a row lock on {@code signing_key_version} and bump it, so nodes notice them
 * with one cheap query and two nodes never make the same change twice.
 */
public final class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MasterKeyCipher cipher;
    private final SigningKeyProperties properties;
    private final Clock clock;
    private final NativeSigning nativeSigning;
    private volatile BiConsumer<String, String> changes = (type, detail) -> {};

    public SigningKeyStore(
            JdbcClient jdbc, TransactionTemplate transactions, SigningKeyProperties properties, Clock clock) {
        this(jdbc, transactions, properties, clock, NativeSigning.none());
    }

    /**
     * A store whose keys sign through the native provider when it is in use.
     * @param nativeSigning adopts each private key read into the native provider's key objects
     */
    public SigningKeyStore(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SigningKeyProperties properties,
            Clock clock,
            NativeSigning nativeSigning) {
        this.jdbc = jdbc;
        this.nativeSigning = nativeSigning;
        this.transactions = transactions;
        this.cipher = new MasterKeyCipher(properties.masterKey());
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Tells of every change the schedule makes ({@link #maintain()}), after it is committed: for the audit trail,
     * which this package cannot see.
     * @param listener takes the event type ({@code keys.generated} or {@code keys.removed}) and a description
     */
    public void onChange(BiConsumer<String, String> listener) {
        this.changes = listener;
    }

    /** A 32-byte key for one purpose, derived from the master key (the same on every node). */
    public byte[] derivedKey(String label) {
        return this.cipher.derive(label);
    }

    /** @return the current version of the keys (one indexed read) */
    public long version() {
        return this.jdbc
                .sql("SELECT version FROM signing_key_version WHERE id = 1")
                .query(Long.class)
                .single();
    }

    /** @return every stored key, decrypted, with the version it was read at */
    public KeyRing load() {
        return this.transactions.execute((status) -> {
            long version = version();
            List<StoredKey> keys = this.jdbc
                    .sql(
                            "SELECT kid, role, algorithm, private_key_encrypted, created_at, activates_at FROM signing_key")
                    .query((row, number) -> {
                        String kid = row.getString("kid");
                        String algorithm = row.getString("algorithm");
                        String encrypted = row.getString("private_key_encrypted");
                        Instant createdAt = row.getTimestamp("created_at").toInstant();
                        Instant activatesAt = row.getTimestamp("activates_at").toInstant();
                        // a role this version does not know (written by a newer node) is left alone
                        return KeyRole.of(row.getString("role"))
                                .map((role) -> parse(kid, role, algorithm, encrypted, createdAt, activatesAt))
                                .orElse(null);
                    })
                    .list()
                    .stream()
                    .filter((key) -> key != null)
                    .toList();
            return new KeyRing(version, keys);
        });
    }

    /**
     * Brings the keys in line with the schedule: a role and algorithm without keys gets an active key now and a
     * next one; one whose next key has activated gets a new next key, which activates a rotation period after
     * the current one (and at least a publication period from now); retired keys past their retention are
     * deleted. Safe to call from every node at once: the first does the work, the others find nothing to do.
     * @return {@code true} when something changed
     */
    public boolean maintain() {
        List<String[]> done = new ArrayList<>();
        boolean committed = Boolean.TRUE.equals(this.transactions.execute((status) -> {
            done.clear();
            lock();
            KeyRing ring = load();
            Instant now = this.clock.instant();
            boolean changed = false;
            for (KeyRole role : KeyRole.values()) {
                for (Algorithm algorithm : role.algorithms()) {
                    List<StoredKey> line = ring.of(role, algorithm.getName());
                    if (line.isEmpty()) {
                        done.add(generated(role, insert(role, algorithm, now, now), now));
                        Instant next = now.plus(this.properties.rotationPeriod());
                        done.add(generated(role, insert(role, algorithm, now, next), next));
                        changed = true;
                        continue;
                    }
                    StoredKey last = line.get(line.size() - 1);
                    if (!last.activatesAt().isAfter(now)) {
                        Instant scheduled = last.activatesAt().plus(this.properties.rotationPeriod());
                        Instant earliest = now.plus(this.properties.publicationPeriod());
                        Instant at = scheduled.isAfter(earliest) ? scheduled : earliest;
                        done.add(generated(role, insert(role, algorithm, now, at), at));
                        changed = true;
                    }
                    for (StoredKey key : line) {
                        if (ring.state(key, now, this.properties.retention()) == KeyRing.State.EXPIRED) {
                            this.jdbc
                                    .sql("DELETE FROM signing_key WHERE kid = ?")
                                    .param(key.kid())
                                    .update();
                            log.info("Removed the {} key {}: retired and past its retention", role.id(), key.kid());
                            done.add(new String[] {
                                "keys.removed",
                                role.id() + " key " + key.kid() + " removed: retired and past its retention"
                            });
                            changed = true;
                        }
                    }
                }
            }
            if (changed) {
                bump();
            }
            return changed;
        }));
        if (committed) {
            for (String[] change : done) {
                this.changes.accept(change[0], change[1]);
            }
        }
        return committed;
    }

    private static String[] generated(KeyRole role, String kid, Instant activatesAt) {
        return new String[] {"keys.generated", role.id() + " key " + kid + " generated, active from " + activatesAt};
    }

    /**
     * Rotates a role on demand: its next key of each algorithm activates as soon as every node can know of it
     * ({@link SigningKeyProperties#activationDelay()}), and never before it has been published for the publication
     * period; the key it replaces is retired then. A new next key is made when it activates.
     * @param role the role
     * @return the keys that will activate, with their new activation instants
     */
    public List<StoredKey> rotate(KeyRole role) {
        return this.transactions.execute((status) -> {
            lock();
            KeyRing ring = load();
            Instant now = this.clock.instant();
            List<StoredKey> activating = new ArrayList<>();
            for (Algorithm algorithm : role.algorithms()) {
                StoredKey next = ring.of(role, algorithm.getName()).stream()
                        .filter((key) -> key.activatesAt().isAfter(now))
                        .findFirst()
                        .orElse(null);
                if (next == null) {
                    String kid = insert(role, algorithm, now, now.plus(this.properties.publicationPeriod()));
                    next = load().of(role, algorithm.getName()).stream()
                            .filter((key) -> key.kid().equals(kid))
                            .findFirst()
                            .orElseThrow();
                }
                Instant soonest = now.plus(this.properties.activationDelay());
                Instant published = next.createdAt().plus(this.properties.publicationPeriod());
                Instant at = soonest.isAfter(published) ? soonest : published;
                if (at.isBefore(next.activatesAt())) {
                    this.jdbc
                            .sql("UPDATE signing_key SET activates_at = ? WHERE kid = ?")
                            .params(Timestamp.from(at), next.kid())
                            .update();
                } else {
                    at = next.activatesAt();
                }
                activating.add(new StoredKey(
                        next.kid(), role, next.algorithm(), next.jwk(), next.certificate(), next.createdAt(), at));
                log.info("Rotation of {} asked for: key {} activates at {}", role.id(), next.kid(), at);
            }
            bump();
            return activating;
        });
    }

    private void lock() {
        this.jdbc
                .sql("SELECT version FROM signing_key_version WHERE id = 1 FOR UPDATE")
                .query(Long.class)
                .single();
    }

    private void bump() {
        this.jdbc
                .sql("UPDATE signing_key_version SET version = version + 1 WHERE id = 1")
                .update();
    }

    private StoredKey parse(
            String kid, KeyRole role, String algorithm, String encrypted, Instant createdAt, Instant activatesAt) {
        try {
            JWK jwk = JWK.parse(this.cipher.decrypt(encrypted));
            X509Certificate certificate = null;
            if (jwk.getX509CertChain() != null && !jwk.getX509CertChain().isEmpty()) {
                certificate = Certificates.parse(jwk.getX509CertChain().get(0).toString());
            }
            return new StoredKey(
                    kid, role, algorithm, this.nativeSigning.adopt(jwk), certificate, createdAt, activatesAt);
        } catch (ParseException ex) {
            throw new IllegalStateException("The stored key " + kid + " is not a valid JWK", ex);
        }
    }

    private String insert(KeyRole role, Algorithm algorithm, Instant createdAt, Instant activatesAt) {
        JWK key = generate(role, algorithm, createdAt);
        this.jdbc
                .sql("INSERT INTO signing_key (kid, role, algorithm, public_jwk, private_key_encrypted, created_at, "
                        + "activates_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        key.getKeyID(),
                        role.id(),
                        algorithm.getName(),
                        key.toPublicJWK().toJSONString(),
                        this.cipher.encrypt(key.toJSONString()),
                        Timestamp.from(createdAt),
                        Timestamp.from(activatesAt))
                .update();
        log.info("Generated a {} {} key {}, active from {}", role.id(), algorithm, key.getKeyID(), activatesAt);
        return key.getKeyID();
    }

    private JWK generate(KeyRole role, Algorithm algorithm, Instant now) {
        String kid = role.id() + "-" + algorithm.getName().toLowerCase(Locale.ROOT) + "-" + now.getEpochSecond() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256)
                        .keyID(kid)
                        .keyUse(role.use())
                        .algorithm(algorithm)
                        .generate();
            }
            RSAKey rsa = new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(role.use())
                    .algorithm(role.hasCertificate() ? null : algorithm)
                    .generate();
            if (!role.hasCertificate()) {
                return rsa;
            }
            X509Certificate certificate = Certificates.selfSigned(
                    new KeyPair(rsa.toPublicKey(), rsa.toPrivateKey()),
                    "Yiwang ID " + role.id(),
                    now.minus(Duration.ofDays(1)),
                    CERTIFICATE_VALIDITY);
            return new RSAKey.Builder(rsa)
                    .x509CertChain(List.of(Base64.encode(certificate.getEncoded())))
                    .build();
        } catch (JOSEException | CertificateEncodingException ex) {
            throw new IllegalStateException("Cannot generate a " + role.id() + " " + algorithm + " key", ex);
        }
    }
}
