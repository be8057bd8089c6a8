package cn.yiwang.id.server.audit;

import cn.yiwang.id.server.audit.ChainVerification.Break;
import cn.yiwang.id.server.audit.ChainVerification.Reason;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the audit chain from its anchor to its head, in seq order and in batches, and reports the first broken
 * place: a row whose content no longer matches its hash, a link to a previous hash that is not the previous row's, a
 * missing seq, a row that is not part of the chain, or a signed checkpoint that disagrees with the chain.
 */
@Component
public final class AuditChainVerifier {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcAuditLog log;
    private final AuditCheckpoints checkpoints;
    private final Clock clock;
    private final TransactionTemplate snapshot;

    public AuditChainVerifier(
            JdbcClient jdbc,
            JdbcAuditLog log,
            AuditCheckpoints checkpoints,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.log = log;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.snapshot = new TransactionTemplate(transactions);
        // one snapshot for the head and every batch: rows appended meanwhile are neither seen nor reported
        this.snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
    }

    /** @return what the walk found */
    public ChainVerification verify() {
        return this.snapshot.execute((status) -> walk());
    }

    private ChainVerification walk() {
        ChainHead head = this.log.head();
        List<AuditCheckpoints.Checkpoint> signed = this.checkpoints.all();
        Map<Long, String> checkpointed = new HashMap<>();
        Break found = null;
        for (AuditCheckpoints.Checkpoint checkpoint : signed) {
            String problem = this.checkpoints.problem(checkpoint);
            if (problem != null && found == null) {
                found = new Break(checkpoint.seq(), null, Reason.CHECKPOINT_MISMATCH, problem);
            }
            if (checkpoint.seq() > head.anchorSeq()) {
                checkpointed.put(checkpoint.seq(), checkpoint.hash());
            }
            if (checkpoint.seq() == head.anchorSeq() && !checkpoint.hash().equals(head.anchorHash()) && found == null) {
                found = new Break(
                        checkpoint.seq(),
                        null,
                        Reason.CHECKPOINT_MISMATCH,
                        "The chain's anchor (last pruned row) differs from the checkpoint signed at seq "
                                + checkpoint.seq());
            }
            if (checkpoint.seq() > head.seq() && found == null) {
                found = new Break(
                        checkpoint.seq(),
                        null,
                        Reason.CHECKPOINT_MISMATCH,
                        "A checkpoint was signed at seq " + checkpoint.seq() + " but the chain ends at " + head.seq());
            }
        }
        long expected = head.anchorSeq() + 1;
        String previous = head.anchorHash();
        long walked = 0;
        Break chainBreak = null;
        walk:
        while (true) {
            List<ChainedAuditEvent> rows = this.jdbc
                    .sql("SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq LIMIT ?")
                    .params(expected, BATCH)
                    .query(JdbcAuditLog::chained)
                    .list();
            for (ChainedAuditEvent row : rows) {
                long seq = row.seq();
                if (seq > head.seq()) {
                    chainBreak = new Break(
                            seq,
                            row.id(),
                            Reason.ROW_INSERTED,
                            "Row " + seq + " lies after the chain head " + head.seq());
                    break walk;
                }
                if (seq != expected) {
                    chainBreak = new Break(
                            expected, null, Reason.ROW_MISSING, "No row has seq " + expected + ": it was deleted");
                    break walk;
                }
                if (!previous.equals(row.prevHash())) {
                    chainBreak = new Break(
                            seq,
                            row.id(),
                            Reason.LINK_BROKEN,
                            "Row " + seq + " does not link to the hash of row " + (seq - 1));
                    break walk;
                }
                if (!AuditCanonicalForm.hash(seq, row.event(), row.prevHash()).equals(row.hash())) {
                    chainBreak = new Break(
                            seq,
                            row.id(),
                            Reason.CONTENT_CHANGED,
                            "Row " + seq + " was changed after it was written: its content no longer matches its hash");
                    break walk;
                }
                String signedHash = checkpointed.get(seq);
                if (signedHash != null && !signedHash.equals(row.hash())) {
                    chainBreak = new Break(
                            seq,
                            row.id(),
                            Reason.CHECKPOINT_MISMATCH,
                            "Row " + seq + " differs from the signed checkpoint: the chain was rewritten up to it");
                    break walk;
                }
                previous = row.hash();
                expected = seq + 1;
                walked++;
            }
            if (rows.size() < BATCH) {
                break;
            }
        }
        if (chainBreak == null && expected <= head.seq()) {
            chainBreak =
                    new Break(expected, null, Reason.ROW_MISSING, "No row has seq " + expected + ": it was deleted");
        }
        if (chainBreak == null && expected - 1 == head.seq() && !previous.equals(head.hash())) {
            chainBreak =
                    new Break(head.seq(), null, Reason.LINK_BROKEN, "The last row's hash is not the chain head's hash");
        }
        if (chainBreak == null) {
            chainBreak = this.jdbc
                    .sql("SELECT id FROM audit_event WHERE seq IS NULL AND id > ? ORDER BY id LIMIT 1")
                    .param(head.legacyThroughId())
                    .query(Long.class)
                    .optional()
                    .map((id) ->
                            new Break(null, id, Reason.ROW_INSERTED, "Row id " + id + " was written around the chain"))
                    .orElse(null);
        }
        if (chainBreak == null) {
            chainBreak = this.jdbc
                    .sql("SELECT seq, id FROM audit_event WHERE seq <= ? ORDER BY seq LIMIT 1")
                    .param(head.anchorSeq())
                    .query((row, number) -> new Break(
                            row.getLong("seq"),
                            row.getLong("id"),
                            Reason.ROW_INSERTED,
                            "Row " + row.getLong("seq") + " lies before the chain's anchor " + head.anchorSeq()))
                    .optional()
                    .orElse(null);
        }
        Break first = earliest(chainBreak, found);
        return new ChainVerification(
                first == null, this.clock.instant(), head.anchorSeq() + 1, head.seq(), walked, signed.size(), first);
    }

    private static Break earliest(Break chain, Break checkpoint) {
        if (chain == null || checkpoint == null) {
            return (chain != null) ? chain : checkpoint;
        }
        if (chain.seq() == null || checkpoint.seq() == null) {
            return chain;
        }
        return (checkpoint.seq() < chain.seq()) ? checkpoint : chain;
    }
}
