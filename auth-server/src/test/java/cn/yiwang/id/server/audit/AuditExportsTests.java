package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditExportsTests {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"})
    void cellWhenSpreadsheetWouldEvaluateItThenPrefixedWithQuote(String value) {
        assertThat(AuditExports.cell(value)).startsWith("\"'");
    }

    @Test
    void cellWhenQuotesThenDoubledAndQuoted() {
        assertThat(AuditExports.cell("a \"b\", c")).isEqualTo("\"a \"\"b\"\", c\"");
        assertThat(AuditExports.cell(null)).isEmpty();
    }

    @Test
    void csvWhenRowsThenHeaderAndOneLineEach() {
        StringWriter out = new StringWriter();
        AuditExports.Sink sink = AuditExports.csv(out);
        sink.accept(new AuditEventView(
                3L, Instant.parse("2026-01-01T00:00:00Z"), "x", "admin:a", null, null, null, "ok", "=1", "h"));
        sink.close();

        assertThat(out.toString())
                .isEqualTo("seq,occurredAt,action,actor,accountId,clientId,sessionId,outcome,detail,hash\r\n"
                        + "\"3\",\"2026-01-01T00:00:00Z\",\"x\",\"admin:a\",,,,\"ok\",\"'=1\",\"h\"\r\n");
    }

    @Test
    void jsonWhenRowsThenArray() {
        StringWriter out = new StringWriter();
        AuditExports.Sink sink = AuditExports.json(out);
        sink.accept(new AuditEventView(
                3L, Instant.parse("2026-01-01T00:00:00Z"), "x", "admin:a", null, null, null, "ok", null, "h"));
        sink.close();

        assertThat(out.toString()).startsWith("[\n{\"seq\":3,").endsWith("}\n]\n");
    }
}
