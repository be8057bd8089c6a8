package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import cn.yiwang.id.server.test.RawHttp;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail cannot be rewritten quietly: rows edited, deleted or inserted directly in PostgreSQL, and a
 * checkpoint changed, are each reported by {@code GET /admin/api/audit/verify} at the place they break; pruning past
 * the retention exports first and leaves a chain that verifies; events and exports are filtered and masked; only the
 * audit scope opens the API. Every tampering is undone before the test ends, so the shared chain stays intact.
 */
class AuditTrailIntegrationTests extends IntegrationTestSupport {

    @Autowired
    private AuditLog audit;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private AuditRetention retention;

    @Autowired
    private AuditTrail trail;

    @Test
    void pageWhenReadMoreTimesThanThePoolHasConnectionsThenEachReadGivesItsConnectionBack() {
        record("paged");

        // the test pool has a handful of connections and a 2 s wait: a read that kept its connection fails here
        for (int read = 0; read < 25; read++) {
            AuditTrail.Page page = this.trail.page(new AuditQuery(null, null, null, null, null, 0, 5));
            assertThat(page.items()).isNotEmpty();
        }
    }

    @Test
    void verifyWhenNothingTamperedThenIntactUpToTheHead() throws Exception {
        long seq = record("intact");

        Map<String, Object> result = verify();

        assertThat(result.get("intact")).as(result.toString()).isEqualTo(true);
        assertThat(((Number) result.get("headSeq")).longValue()).isGreaterThanOrEqualTo(seq);
        assertThat(result).doesNotContainKey("firstBreak");
    }

    @Test
    void recordWhenManyThreadsAppendAtOnceThenEverySeqOnceAndTheChainIntact() throws Exception {
        String batch = "concurrent " + UUID.randomUUID();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String detail = batch + " #" + i;
                done.add(threads.submit(() -> this.audit.record(new AuditEvent(
                        Instant.now(), "test.concurrent", "system", null, null, null, "success", detail))));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        List<Long> seqs = this.jdbc
                .sql("SELECT seq FROM audit_event WHERE detail LIKE ? ORDER BY seq")
                .param(batch + " #%")
                .query(Long.class)
                .list();
        assertThat(seqs).hasSize(40).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(verify().get("intact")).isEqualTo(true);
    }

    @Test
    void verifyWhenRowEditedInDatabaseThenContentChangedAtThatSeq() throws Exception {
        long seq = record("edited");
        String original = detail(seq);
        this.jdbc
                .sql("UPDATE audit_event SET detail = 'nothing happened' WHERE seq = ?")
                .param(seq)
                .update();
        try {
            assertBreak(verify(), seq, "content-changed");
        } finally {
            this.jdbc
                    .sql("UPDATE audit_event SET detail = ? WHERE seq = ?")
                    .params(original, seq)
                    .update();
        }
        assertThat(verify().get("intact")).isEqualTo(true);
    }

    @Test
    void verifyWhenRowEditedAndRehashedThenNextRowsLinkIsBroken() throws Exception {
        long seq = record("rehashed");
        record("after rehashed");
        Map<String, Object> row = this.jdbc
                .sql("SELECT * FROM audit_event WHERE seq = ?")
                .param(seq)
                .query()
                .singleRow();
        AuditEvent forged = new AuditEvent(
                ((java.sql.Timestamp) row.get("occurred_at")).toInstant(),
                (String) row.get("event_type"),
                (String) row.get("actor"),
                null,
                null,
                null,
                (String) row.get("outcome"),
                "forged");
        String forgedHash = AuditCanonicalForm.hash(seq, forged, (String) row.get("prev_hash"));
        this.jdbc
                .sql("UPDATE audit_event SET detail = 'forged', hash = ? WHERE seq = ?")
                .params(forgedHash, seq)
                .update();
        try {
            assertBreak(verify(), seq + 1, "link-broken");
        } finally {
            this.jdbc
                    .sql("UPDATE audit_event SET detail = ?, hash = ? WHERE seq = ?")
                    .params(row.get("detail"), row.get("hash"), seq)
                    .update();
        }
        assertThat(verify().get("intact")).isEqualTo(true);
    }

    @Test
    void verifyWhenRowDeletedThenRowMissingAtThatSeq() throws Exception {
        long seq = record("deleted");
        record("after deleted");
        Map<String, Object> row = this.jdbc
                .sql("SELECT * FROM audit_event WHERE seq = ?")
                .param(seq)
                .query()
                .singleRow();
        this.jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update();
        try {
            assertBreak(verify(), seq, "row-missing");
        } finally {
            this.jdbc
                    .sql(
                            "INSERT INTO audit_event (id, occurred_at, event_type, actor, account_id, client_id, session_id, "
                                    + "outcome, detail, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            row.get("id"),
                            row.get("occurred_at"),
                            row.get("event_type"),
                            row.get("actor"),
                            row.get("account_id"),
                            row.get("client_id"),
                            row.get("session_id"),
                            row.get("outcome"),
                            row.get("detail"),
                            row.get("seq"),
                            row.get("prev_hash"),
                            row.get("hash"))
                    .update();
        }
        assertThat(verify().get("intact")).isEqualTo(true);
    }

    @Test
    void verifyWhenRowInsertedAroundTheChainThenRowInserted() throws Exception {
        record("before inserted");
        long id = this.jdbc
                .sql(
                        "INSERT INTO audit_event (occurred_at, event_type, actor, outcome, detail) "
                                + "VALUES (CURRENT_TIMESTAMP, 'admin.login', 'admin:nobody', 'success', 'inserted') RETURNING id")
                .query(Long.class)
                .single();
        try {
            Map<String, Object> result = verify();
            assertThat(result.get("intact")).isEqualTo(false);
            Map<?, ?> broken = (Map<?, ?>) result.get("firstBreak");
            assertThat(broken.get("reason")).isEqualTo("row-inserted");
            assertThat(((Number) broken.get("rowId")).longValue()).isEqualTo(id);
        } finally {
            this.jdbc.sql("DELETE FROM audit_event WHERE id = ?").param(id).update();
        }
        assertThat(verify().get("intact")).isEqualTo(true);
    }

    @Test
    void checkpointWhenSignedThenVerifiedAndAChangedCheckpointIsReported() throws Exception {
        record("checkpointed");
        HttpResponse<String> signed = RawHttp.withBearer("POST", ISSUER + "/admin/api/audit/checkpoints", auditToken());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(201);
        Map<String, Object> checkpoint = RawHttp.json(signed);
        assertThat(checkpoint.get("kid").toString()).startsWith("audit-signing-es256-");
        long seq = ((Number) checkpoint.get("seq")).longValue();
        Map<String, Object> intact = verify();
        assertThat(intact.get("intact")).as(intact.toString()).isEqualTo(true);
        assertThat(((Number) intact.get("checkpoints")).intValue()).isPositive();

        this.jdbc
                .sql("UPDATE audit_checkpoint SET hash = ? WHERE seq = ? AND jws = ?")
                .params("f".repeat(64), seq, checkpoint.get("jws"))
                .update();
        try {
            assertBreak(verify(), seq, "checkpoint-mismatch");
        } finally {
            this.jdbc
                    .sql("UPDATE audit_checkpoint SET hash = ? WHERE jws = ?")
                    .params(checkpoint.get("hash"), checkpoint.get("jws"))
                    .update();
        }
        assertThat(verify().get("intact")).isEqualTo(true);
        assertThat(eventsOf("audit.checkpoint", "admin:test-admin-audit")).isNotEmpty();
    }

    @Test
    void pruneWhenRowsPastRetentionThenExportedDeletedAnchoredAndChainStillVerifies() throws Exception {
        record("old enough");
        long anchorBefore = this.jdbc
                .sql("SELECT anchor_seq FROM audit_chain_head")
                .query(Long.class)
                .single();

        AuditRetention.Pruned pruned = this.retention.prune(Instant.now(), 3).orElseThrow();

        assertThat(pruned.rows()).isEqualTo(3);
        assertThat(pruned.firstSeq()).isEqualTo(anchorBefore + 1);
        assertThat(Files.readAllLines(pruned.file())).hasSize(3);
        assertThat(AuditCanonicalForm.sha256(Files.readAllBytes(pruned.file()))).isEqualTo(pruned.sha256());
        assertThat(this.jdbc
                        .sql("SELECT count(*) FROM audit_event WHERE seq <= ?")
                        .param(pruned.lastSeq())
                        .query(Long.class)
                        .single())
                .isZero();
        String detail = this.jdbc
                .sql("SELECT detail FROM audit_event WHERE event_type = 'audit.pruned' ORDER BY seq DESC LIMIT 1")
                .query(String.class)
                .single();
        assertThat(detail)
                .contains("seq " + pruned.firstSeq() + ".." + pruned.lastSeq())
                .contains("sha256 " + pruned.sha256());
        Map<String, Object> result = verify();
        assertThat(result.get("intact")).as(result.toString()).isEqualTo(true);
        assertThat(((Number) result.get("firstSeq")).longValue()).isEqualTo(pruned.lastSeq() + 1);
    }

    @Test
    void eventsWhenFilteredThenOnlyMatchingRowsPagedAndMasked() throws Exception {
        String target = "acct-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            this.audit.record(new AuditEvent(
                    Instant.now(),
                    "test.filtered",
                    "admin:tester",
                    target,
                    null,
                    null,
                    "success",
                    "phone 13812345678 id 31010119900101123X #" + i));
        }

        HttpResponse<String> response = RawHttp.withBearer(
                "GET",
                ISSUER + "/admin/api/audit/events?action=test.filtered&actor=admin:tester&target=" + target
                        + "&size=2&page=0",
                auditToken());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> page = RawHttp.json(response);
        assertThat(((Number) page.get("total")).intValue()).isEqualTo(3);
        List<Object> items = JSONObjectUtils.getJSONArray(page, "items");
        assertThat(items).hasSize(2);
        assertThat(((Map<?, ?>) items.get(0)).get("detail")).isEqualTo("phone 138****5678 id 3101**********123X #2");
        assertThat(response.body()).doesNotContain("13812345678").doesNotContain("31010119900101123X");
    }

    @Test
    void exportWhenCsvThenFormulaDefusedAndMasked() throws Exception {
        String target = "acct-" + UUID.randomUUID();
        this.audit.record(new AuditEvent(
                Instant.now(),
                "test.exported",
                "admin:tester",
                target,
                null,
                null,
                "success",
                "=HYPERLINK(\"http://evil\") 13812345678"));

        HttpResponse<String> csv =
                RawHttp.withBearer("GET", ISSUER + "/admin/api/audit/export?format=csv&target=" + target, auditToken());
        HttpResponse<String> json = RawHttp.withBearer(
                "GET", ISSUER + "/admin/api/audit/export?format=json&target=" + target, auditToken());

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment");
        assertThat(csv.body().lines().toList()).hasSize(2);
        assertThat(csv.body())
                .contains("\"'=HYPERLINK(\"\"http://evil\"\") 138****5678\"")
                .doesNotContain("13812345678");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"action\":\"test.exported\"").doesNotContain("13812345678");
        assertThat(eventsOf("audit.exported", "admin:test-admin-audit")).isNotEmpty();
    }

    @Test
    void eventsWhenFiltersInvalidThenProblemNamingEachField() throws Exception {
        HttpResponse<String> response = RawHttp.withBearer(
                "GET",
                ISSUER + "/admin/api/audit/events?from=yesterday&size=100000&to="
                        + URLEncoder.encode("2026-13-01", StandardCharsets.UTF_8),
                auditToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        List<String> fields = JSONObjectUtils.getJSONArray(RawHttp.json(response), "errors").stream()
                .map((error) -> String.valueOf(((Map<?, ?>) error).get("field")))
                .toList();
        assertThat(fields).containsExactlyInAnyOrder("from", "to", "size");
    }

    @Test
    void auditApiWhenCoarseAdminScopeThenForbidden() throws Exception {
        HttpResponse<String> response =
                RawHttp.withBearer("GET", ISSUER + "/admin/api/audit/verify", token("test-admin", "yiwang.admin"));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private long record(String detail) {
        String unique = detail + " " + UUID.randomUUID();
        this.audit.record(new AuditEvent(Instant.now(), "test.chain", "system", null, null, null, "success", unique));
        return this.jdbc
                .sql("SELECT seq FROM audit_event WHERE detail = ?")
                .param(unique)
                .query(Long.class)
                .single();
    }

    private String detail(long seq) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE seq = ?")
                .param(seq)
                .query(String.class)
                .single();
    }

    private List<String> eventsOf(String type, String actor) {
        return this.jdbc
                .sql("SELECT detail FROM audit_event WHERE event_type = ? AND actor = ?")
                .params(type, actor)
                .query(String.class)
                .list();
    }

    private static void assertBreak(Map<String, Object> result, long seq, String reason) {
        assertThat(result.get("intact")).as(result.toString()).isEqualTo(false);
        Map<?, ?> broken = (Map<?, ?>) result.get("firstBreak");
        assertThat(broken.get("reason")).as(result.toString()).isEqualTo(reason);
        assertThat(((Number) broken.get("seq")).longValue()).isEqualTo(seq);
    }

    private static Map<String, Object> verify() throws Exception {
        HttpResponse<String> response = RawHttp.withBearer("GET", ISSUER + "/admin/api/audit/verify", auditToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RawHttp.json(response);
    }

    private static String auditToken() throws Exception {
        return token("test-admin-audit", "yiwang.admin.audit");
    }

    private static String token(String client, String scope) throws Exception {
        return RawHttp.json(RawHttp.postForm(
                        ISSUER + "/oauth2/token",
                        RawHttp.basic(client, "demo-secret"),
                        "grant_type",
                        "client_credentials",
                        "scope",
                        scope))
                .get("access_token")
                .toString();
    }
}
