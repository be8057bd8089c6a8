package cn.yiwang.id.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Timestamp;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the audit trail online for {@code yiwang.audit.retention} (default 184 days, Cybersecurity Law art. 21):
 * every {@code yiwang.audit.prune-interval} the oldest rows past it are written, with their chain hashes, to a
 * JSON-lines file under {@code yiwang.audit.export-folder} (synced to disk) and only then deleted; the head's
 * anchor moves to the last pruned row and a chained {@code audit.pruned} event names the range and the file's
 * SHA-256, so the chain still verifies from its anchor and the export verifies on its own.
 */
@Component
public final class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final JdbcAuditLog chain;
    private final AuditProperties properties;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final JsonMapper json = JsonMapper.builder().build();

    public AuditRetention(
            JdbcClient jdbc,
            JdbcAuditLog chain,
            AuditProperties properties,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.properties = properties;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * What one pruning did.
     *
     * @param firstSeq the first row removed
     * @param lastSeq the last row removed (the new anchor)
     * @param rows how many
     * @param file the export
     * @param sha256 the export's SHA-256
     */
    public record Pruned(long firstSeq, long lastSeq, int rows, Path file, String sha256) {}

    /** Prunes every row past the retention, a batch at a time. */
    @Scheduled(
            initialDelayString = "${yiwang.audit.prune-interval:1d}",
            fixedDelayString = "${yiwang.audit.prune-interval:1d}")
    public void scheduled() {
        try {
            Instant cutoff = this.clock.instant().minus(this.properties.retention());
            Optional<Pruned> pruned;
            do {
                pruned = prune(cutoff, BATCH);
                pruned.ifPresent((done) -> log.info(
                        "Pruned audit rows {}..{} past the retention, exported to {} (sha256 {})",
                        done.firstSeq(),
                        done.lastSeq(),
                        done.file(),
                        done.sha256()));
            } while (pruned.isPresent() && pruned.get().rows() == BATCH);
        } catch (RuntimeException ex) {
            log.error("Audit retention failed, will be tried again: {}", ex.getMessage());
        }
    }

    /**
     * Exports and deletes the oldest rows that occurred before a cutoff, from the anchor on, up to a limit; stops at
     * the first row that is younger (the chain is pruned from its start only).
     * @param cutoff rows before it may go
     * @param limit the most rows
     * @return what was pruned, or empty when nothing was due
     */
    public Optional<Pruned> prune(Instant cutoff, int limit) {
        return this.ownTransaction.execute((status) -> {
            ChainHead head = this.chain.lockHead();
            List<ChainedAuditEvent> rows = this.jdbc
                    .sql("SELECT * FROM audit_event WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")
                    .params(head.anchorSeq(), head.seq(), limit)
                    .query(JdbcAuditLog::chained)
                    .list()
                    .stream()
                    .takeWhile((row) -> row.event().occurredAt().isBefore(cutoff))
                    .toList();
            if (rows.isEmpty()) {
                return Optional.<Pruned>empty();
            }
            ChainedAuditEvent first = rows.get(0);
            ChainedAuditEvent last = rows.get(rows.size() - 1);
            Path file = Path.of(this.properties.exportFolder())
                    .resolve("audit-" + first.seq() + "-" + last.seq() + "-" + this.clock.millis() + ".jsonl");
            String sha256 = write(file, head, rows);
            int deleted = this.jdbc
                    .sql("DELETE FROM audit_event WHERE seq >= ? AND seq <= ?")
                    .params(first.seq(), last.seq())
                    .update();
            if (deleted != rows.size()) {
                throw new IllegalStateException("Rows of the audit chain changed while being pruned");
            }
            this.jdbc
                    .sql("UPDATE audit_chain_head SET anchor_seq = ?, anchor_hash = ? WHERE id = 1")
                    .params(last.seq(), last.hash())
                    .update();
            ChainHead anchored =
                    new ChainHead(head.seq(), head.hash(), last.seq(), last.hash(), head.legacyThroughId());
            this.chain.appendAfter(
                    anchored,
                    new AuditEvent(
                            this.clock.instant(),
                            "audit.pruned",
                            "system",
                            null,
                            null,
                            null,
                            "exported",
                            "seq " + first.seq() + ".." + last.seq() + " (" + rows.size() + " rows before "
                                    + Timestamp.from(cutoff).toInstant() + ") exported to " + file.getFileName()
                                    + " sha256 " + sha256 + "; anchor hash " + last.hash()));
            return Optional.of(new Pruned(first.seq(), last.seq(), rows.size(), file, sha256));
        });
    }

    private String write(Path file, ChainHead head, List<ChainedAuditEvent> rows) {
        StringBuilder lines = new StringBuilder();
        for (ChainedAuditEvent row : rows) {
            AuditEvent event = row.event();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("seq", row.seq());
            line.put("prevHash", row.prevHash());
            line.put("hash", row.hash());
            line.put("form", AuditCanonicalForm.VERSION);
            line.put("occurredAt", event.occurredAt().toString());
            line.put("type", event.type());
            line.put("actor", event.actor());
            line.put("accountId", event.accountId());
            line.put("clientId", event.clientId());
            line.put("sessionId", event.sessionId());
            line.put("outcome", event.outcome());
            line.put("detail", event.detail());
            lines.append(this.json.writeValueAsString(line)).append('\n');
        }
        byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel =
                    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                // the rows are deleted right after: the export must be on disk first
                channel.force(true);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the audit export " + file, ex);
        }
        return AuditCanonicalForm.sha256(bytes);
    }
}
