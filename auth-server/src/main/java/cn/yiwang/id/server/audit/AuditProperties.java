package cn.yiwang.id.server.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the audit trail is checkpointed, kept and exported.
 *
 * @param checkpointInterval how often the chain head is signed (besides on demand)
 * @param retention how long rows stay online; older ones are exported, then deleted (default 184 days: the six
 *     months of the Cybersecurity Law, art. 21)
 * @param pruneInterval how often the retention job runs
 * @param exportFolder where the retention job writes its JSON-lines exports (a volume kept and backed up)
 * @param exportLimit the most rows one API export returns
 */
@Validated
@ConfigurationProperties("yiwang.audit")
public record AuditProperties(
        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1)
        Duration checkpointInterval,

        @DefaultValue("184d") @NotNull @DurationMin(days = 1)
        Duration retention,

        @DefaultValue("1d") @NotNull @DurationMin(seconds = 1)
        Duration pruneInterval,

        @DefaultValue("data/audit-exports") @NotBlank String exportFolder,

        @DefaultValue("100000") @Min(1) @Max(1_000_000) int exportLimit) {}
