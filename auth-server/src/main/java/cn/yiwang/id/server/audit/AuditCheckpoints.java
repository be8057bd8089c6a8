package cn.yiwang.id.server.audit;

import cn.yiwang.id.server.keys.KeyRole;
import cn.yiwang.id.server.keys.SigningKeys;
import cn.yiwang.id.server.keys.StoredKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed checkpoints of the audit chain: the head (seq, hash, time) signed as a compact JWS with the active
 * {@code audit-signing} key (ES256), stored in {@code audit_checkpoint}; every {@code yiwang.audit.checkpoint-interval}
 * and on demand. Whoever rewrites the chain up to a checkpoint would need that private key to sign a new one.
 */
@Component
public final class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final JdbcClient jdbc;
    private final JdbcAuditLog chain;
    private final SigningKeys keys;
    private final AuditProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    public AuditCheckpoints(
            JdbcClient jdbc,
            JdbcAuditLog chain,
            SigningKeys keys,
            AuditProperties properties,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * One stored checkpoint.
     *
     * @param id its row
     * @param seq the head's seq it signs
     * @param hash the head's hash it signs
     * @param signedAt when
     * @param kid the audit-signing key that signed it
     * @param jws the compact JWS over {@code {"seq","hash","iat"}}
     * @param reason {@code scheduled} or {@code on-demand}
     */
    public record Checkpoint(long id, long seq, String hash, Instant signedAt, String kid, String jws, String reason) {}

    /** Signs the head every checkpoint interval, unless a checkpoint of the same head or a recent one exists. */
    @Scheduled(
            initialDelayString = "${yiwang.audit.checkpoint-interval:1h}",
            fixedDelayString = "${yiwang.audit.checkpoint-interval:1h}")
    public void scheduled() {
        try {
            sign("scheduled")
                    .ifPresent((checkpoint) -> log.info("Audit chain checkpoint signed at seq {}", checkpoint.seq()));
        } catch (RuntimeException ex) {
            log.error("Audit chain checkpoint failed, will be tried again: {}", ex.getMessage());
        }
    }

    /**
     * Signs the chain head now.
     * @param reason {@code scheduled} (skipped when nothing was appended since the last checkpoint, or another node
     *     signed within half an interval) or {@code on-demand} (always signs)
     * @return the checkpoint, or empty when skipped
     */
    public Optional<Checkpoint> sign(String reason) {
        return this.ownTransaction.execute((status) -> {
            // the lock keeps appends out while the head is read and signed, and other nodes out of the same work
            ChainHead head = this.chain.lockHead();
            Instant now = this.clock.instant();
            Optional<Checkpoint> last = latest();
            if ("scheduled".equals(reason)
                    && last.isPresent()
                    && (last.get().seq() == head.seq()
                            || last.get()
                                    .signedAt()
                                    .isAfter(now.minus(
                                            this.properties.checkpointInterval().dividedBy(2))))) {
                return Optional.<Checkpoint>empty();
            }
            StoredKey key = this.keys.active(KeyRole.AUDIT_SIGNING, JWSAlgorithm.ES256.getName());
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("seq", head.seq());
            claims.put("hash", head.hash());
            claims.put("iat", now.getEpochSecond());
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).build(), new Payload(claims));
            try {
                jws.sign(new ECDSASigner(key.jwk().toECKey()));
            } catch (JOSEException ex) {
                throw new IllegalStateException("Cannot sign the audit checkpoint", ex);
            }
            String compact = jws.serialize();
            Instant signedAt = AuditCanonicalForm.stored(now);
            this.jdbc
                    .sql(
                            "INSERT INTO audit_checkpoint (seq, hash, signed_at, kid, jws, reason) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(head.seq(), head.hash(), Timestamp.from(signedAt), key.kid(), compact, reason)
                    .update();
            return latest();
        });
    }

    /** @return every checkpoint, oldest first */
    public List<Checkpoint> all() {
        return this.jdbc
                .sql("SELECT * FROM audit_checkpoint ORDER BY seq, id")
                .query(AuditCheckpoints::map)
                .list();
    }

    /**
     * Checks a checkpoint on its own: its signature by a known audit-signing key, and that it signs what its columns
     * say.
     * @param checkpoint the checkpoint
     * @return what is wrong, or {@code null} when it verifies
     */
    public String problem(Checkpoint checkpoint) {
        try {
            JWSObject jws = JWSObject.parse(checkpoint.jws());
            String kid = jws.getHeader().getKeyID();
            StoredKey key = this.keys.ring().keys().stream()
                    .filter((candidate) -> candidate.role() == KeyRole.AUDIT_SIGNING
                            && candidate.kid().equals(kid))
                    .findFirst()
                    .orElse(null);
            if (key == null || !JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
                return "The checkpoint at seq " + checkpoint.seq() + " is not signed by an audit-signing key";
            }
            if (!jws.verify(new ECDSAVerifier(key.jwk().toECKey().toPublicJWK()))) {
                return "The checkpoint at seq " + checkpoint.seq() + " has an invalid signature";
            }
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            Object seq = claims.get("seq");
            if (!(seq instanceof Number number)
                    || number.longValue() != checkpoint.seq()
                    || !checkpoint.hash().equals(claims.get("hash"))) {
                return "The checkpoint at seq " + checkpoint.seq() + " was changed after it was signed";
            }
            return null;
        } catch (ParseException | JOSEException | RuntimeException ex) {
            return "The checkpoint at seq " + checkpoint.seq() + " cannot be read: "
                    + ex.getClass().getSimpleName();
        }
    }

    private Optional<Checkpoint> latest() {
        return this.jdbc
                .sql("SELECT * FROM audit_checkpoint ORDER BY id DESC LIMIT 1")
                .query(AuditCheckpoints::map)
                .optional();
    }

    private static Checkpoint map(java.sql.ResultSet row, int index) throws java.sql.SQLException {
        return new Checkpoint(
                row.getLong("id"),
                row.getLong("seq"),
                row.getString("hash"),
                row.getTimestamp("signed_at").toInstant(),
                row.getString("kid"),
                row.getString("jws"),
                row.getString("reason"));
    }
}
