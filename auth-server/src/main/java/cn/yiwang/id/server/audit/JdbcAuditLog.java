package cn.yiwang.id.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail in PostgreSQL (table {@code audit_event}, owned by auth-server), as a hash chain: each append
 * locks the one row of {@code audit_chain_head} ({@code FOR UPDATE}), so appends from every node are serialised
 * in one short transaction of its own, and writes the row with its seq, the previous hash and its hash
 * ({@link AuditCanonicalForm}).
 */
@Component
@DependsOn("authServerFlyway")
public final class JdbcAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

    private static final int LEGACY_BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        // an append holds the chain lock: never inside (and never as long as) the caller's transaction
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public void record(AuditEvent event) {
        try {
            this.ownTransaction.executeWithoutResult((status) -> appendAfter(lockHead(), event));
        } catch (DataAccessException ex) {
            // An audit write must not turn a logout into an error page; the log line keeps the trace.
            log.error(
                    "Audit event {} {} for session {} could not be stored: {}",
                    event.type(),
                    event.outcome(),
                    event.sessionId(),
                    ex.getMessage());
        }
    }

    /** Locks the chain head for the current transaction and reads it. */
    ChainHead lockHead() {
        return this.jdbc
                .sql("SELECT seq, hash, anchor_seq, anchor_hash, legacy_through_id FROM audit_chain_head WHERE id = 1 "
                        + "FOR UPDATE")
                .query(JdbcAuditLog::headRow)
                .single();
    }

    /** Reads the chain head without locking it. */
    ChainHead head() {
        return this.jdbc
                .sql("SELECT seq, hash, anchor_seq, anchor_hash, legacy_through_id FROM audit_chain_head WHERE id = 1")
                .query(JdbcAuditLog::headRow)
                .single();
    }

    /**
     * Appends one event after the head the current transaction has locked.
     * @param head the locked head
     * @param event the event
     * @return the new head
     */
    ChainHead appendAfter(ChainHead head, AuditEvent event) {
        AuditEvent stored = storable(event);
        long seq = head.seq() + 1;
        String hash = AuditCanonicalForm.hash(seq, stored, head.hash());
        this.jdbc
                .sql("INSERT INTO audit_event (occurred_at, event_type, actor, account_id, client_id, session_id, "
                        + "outcome, detail, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        Timestamp.from(stored.occurredAt()),
                        stored.type(),
                        stored.actor(),
                        stored.accountId(),
                        stored.clientId(),
                        stored.sessionId(),
                        stored.outcome(),
                        stored.detail(),
                        seq,
                        head.hash(),
                        hash)
                .update();
        return moveHead(head, seq, hash);
    }

    ChainHead moveHead(ChainHead head, long seq, String hash) {
        this.jdbc
                .sql("UPDATE audit_chain_head SET seq = ?, hash = ? WHERE id = 1")
                .params(seq, hash)
                .update();
        return new ChainHead(seq, hash, head.anchorSeq(), head.anchorHash(), head.legacyThroughId());
    }

    /**
     * Chains the rows written before the chain existed (V11), oldest first, in batches; every node may run it at
     * once, the head lock lets one do each batch. Rows written around the chain later are left for verification.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void chainLegacyRows() {
        int chained;
        int total = 0;
        do {
            Integer done = this.ownTransaction.execute((status) -> {
                ChainHead head = lockHead();
                List<ChainedAuditEvent> rows = this.jdbc
                        .sql("SELECT * FROM audit_event WHERE seq IS NULL AND id <= ? ORDER BY id LIMIT ?")
                        .params(head.legacyThroughId(), LEGACY_BATCH)
                        .query(JdbcAuditLog::chained)
                        .list();
                for (ChainedAuditEvent row : rows) {
                    long seq = head.seq() + 1;
                    String hash = AuditCanonicalForm.hash(seq, row.event(), head.hash());
                    this.jdbc
                            .sql("UPDATE audit_event SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?")
                            .params(seq, head.hash(), hash, row.id())
                            .update();
                    head = moveHead(head, seq, hash);
                }
                return rows.size();
            });
            chained = (done != null) ? done : 0;
            total += chained;
        } while (chained == LEGACY_BATCH);
        if (total > 0) {
            log.info("Chained {} audit rows written before the hash chain existed", total);
        }
    }

    @Override
    public List<AuditEvent> forSession(String sessionId) {
        return this.jdbc
                .sql("SELECT * FROM audit_event WHERE session_id = ? ORDER BY id")
                .param(sessionId)
                .query(JdbcAuditLog::map)
                .list();
    }

    @Override
    public List<AuditEvent> forAccount(String accountId, int limit) {
        return this.jdbc
                .sql("SELECT * FROM audit_event WHERE account_id = ? ORDER BY id DESC LIMIT ?")
                .params(accountId, limit)
                .query(JdbcAuditLog::map)
                .list();
    }

    /** The event as the columns can hold it: truncated where a column is bounded, time in microseconds. */
    static AuditEvent storable(AuditEvent event) {
        return new AuditEvent(
                AuditCanonicalForm.stored(event.occurredAt()),
                truncate(event.type(), 64),
                truncate(event.actor(), 128),
                truncate(event.accountId(), 64),
                truncate(event.clientId(), 100),
                truncate(event.sessionId(), 64),
                truncate(event.outcome(), 32),
                truncate(event.detail(), 1000));
    }

    static AuditEvent map(ResultSet row, int index) throws SQLException {
        return new AuditEvent(
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("event_type"),
                row.getString("actor"),
                row.getString("account_id"),
                row.getString("client_id"),
                row.getString("session_id"),
                row.getString("outcome"),
                row.getString("detail"));
    }

    static ChainedAuditEvent chained(ResultSet row, int index) throws SQLException {
        long seq = row.getLong("seq");
        return new ChainedAuditEvent(
                row.getLong("id"),
                row.wasNull() ? null : seq,
                row.getString("prev_hash"),
                row.getString("hash"),
                map(row, index));
    }

    private static ChainHead headRow(ResultSet row, int index) throws SQLException {
        return new ChainHead(
                row.getLong("seq"),
                row.getString("hash"),
                row.getLong("anchor_seq"),
                row.getString("anchor_hash"),
                row.getLong("legacy_through_id"));
    }

    private static String truncate(String value, int max) {
        return (value == null || value.length() <= max) ? value : value.substring(0, max);
    }
}
