package cn.yiwang.id.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each legacy AES-CBC use by a flagged province is an audit event and a count, every time. */
class AuditedLegacyEncryptionTests {

    private static final String AES_256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";

    private final List<AuditEvent> events = new ArrayList<>();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final AuditedLegacyEncryption audit = new AuditedLegacyEncryption(
            new AuditLog() {
                @Override
                public void record(AuditEvent event) {
                    AuditedLegacyEncryptionTests.this.events.add(event);
                }

                @Override
                public List<AuditEvent> forSession(String sessionId) {
                    return List.of();
                }

                @Override
                public List<AuditEvent> forAccount(String accountId, int limit) {
                    return List.of();
                }
            },
            this.meters,
            Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC));

    @Test
    void usedWhenCalledTwiceThenTwoAuditEventsNamingProvinceAndAlgorithm() {
        this.audit.used("jiangsu", AES_256_CBC);
        this.audit.used("jiangsu", AES_256_CBC);

        assertThat(this.events).hasSize(2).allSatisfy((event) -> {
            assertThat(event.type()).isEqualTo("federation.saml.legacy-cbc");
            assertThat(event.actor()).isEqualTo("idp:jiangsu");
            assertThat(event.detail()).contains(AES_256_CBC);
        });
        assertThat(this.meters
                        .counter("yiwang.federation.legacy.encryption", "idp", "jiangsu")
                        .count())
                .isEqualTo(2.0);
    }
}
