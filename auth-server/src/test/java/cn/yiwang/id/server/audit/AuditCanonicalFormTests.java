package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCanonicalFormTests {

    private static final Instant AT = Instant.parse("2026-12-07T12:00:00.123456789Z");

    @Test
    void bytesWhenEventThenDocumentedV1FormWithLengthPrefixesAndMicroseconds() {
        AuditEvent event = new AuditEvent(AT, "keys.rotated", "admin:sysadmin", null, null, null, "scheduled", "密钥");

        String form =
                new String(AuditCanonicalForm.bytes(7, event, AuditCanonicalForm.GENESIS), StandardCharsets.UTF_8);

        assertThat(form)
                .isEqualTo(
                        "yiwang-audit-v1\n7\n2026-12-07T12:00:00.123456Z\n12:keys.rotated\n14:admin:sysadmin\n-\n-\n-\n"
                                + "9:scheduled\n6:密钥\n" + "0".repeat(64) + "\n");
    }

    @Test
    void hashWhenAnyFieldMovesBetweenNeighboursThenHashDiffers() {
        AuditEvent one = new AuditEvent(AT, "a", "b\n1:c", null, null, null, "ok", null);
        AuditEvent other = new AuditEvent(AT, "a", "b", "c", null, null, "ok", null);

        assertThat(AuditCanonicalForm.hash(1, one, AuditCanonicalForm.GENESIS))
                .isNotEqualTo(AuditCanonicalForm.hash(1, other, AuditCanonicalForm.GENESIS));
    }

    @Test
    void hashWhenNullOrDashOrEmptyThenEachDiffers() {
        AuditEvent none = new AuditEvent(AT, "a", null, null, null, null, "ok", null);
        AuditEvent dash = new AuditEvent(AT, "a", "-", null, null, null, "ok", null);
        AuditEvent empty = new AuditEvent(AT, "a", "", null, null, null, "ok", null);

        assertThat(java.util.Set.of(
                        AuditCanonicalForm.hash(1, none, AuditCanonicalForm.GENESIS),
                        AuditCanonicalForm.hash(1, dash, AuditCanonicalForm.GENESIS),
                        AuditCanonicalForm.hash(1, empty, AuditCanonicalForm.GENESIS)))
                .hasSize(3);
    }

    @Test
    void hashWhenSameContentAtAnotherSeqOrAfterAnotherRowThenDiffers() {
        AuditEvent event = new AuditEvent(AT, "a", null, null, null, null, "ok", null);
        String hash = AuditCanonicalForm.hash(1, event, AuditCanonicalForm.GENESIS);

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(AuditCanonicalForm.hash(2, event, AuditCanonicalForm.GENESIS))
                .isNotEqualTo(hash);
        assertThat(AuditCanonicalForm.hash(1, event, "1".repeat(64))).isNotEqualTo(hash);
        assertThat(AuditCanonicalForm.hash(1, event, AuditCanonicalForm.GENESIS))
                .isEqualTo(hash);
    }
}
