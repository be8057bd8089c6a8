package cn.yiwang.id.server.audit;

import cn.yiwang.id.federation.saml.LegacyEncryptionAudit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every assertion a province flagged {@code legacy-cbc} encrypted with AES-CBC is an audit event
 * ({@code federation.saml.legacy-cbc}, with the algorithm) and counts in {@code yiwang.federation.legacy.encryption}
 * (tag {@code idp}), so the weaker algorithm stays visible until the province moves to AES-GCM.
 */
@Component
public final class AuditedLegacyEncryption implements LegacyEncryptionAudit {

    private static final Logger log = LoggerFactory.getLogger(AuditedLegacyEncryption.class);

    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public AuditedLegacyEncryption(AuditLog audit, MeterRegistry meters, Clock clock) {
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void used(String idpAlias, String algorithm) {
        log.warn("SAML province {} encrypted an assertion with {} (allowed: flagged legacy-cbc)", idpAlias, algorithm);
        this.meters
                .counter("yiwang.federation.legacy.encryption", "idp", idpAlias)
                .increment();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "federation.saml.legacy-cbc",
                "idp:" + idpAlias,
                null,
                null,
                null,
                "accepted",
                "encrypted assertion with " + algorithm));
    }
}
