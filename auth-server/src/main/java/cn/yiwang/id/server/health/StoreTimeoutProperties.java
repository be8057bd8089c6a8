package cn.yiwang.id.server.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long a request may wait for the stores, so an outage is a quick 503 rather than a hang, and how readiness
 * is kept current.
 *
 * @param connectionTimeout the longest wait for a PostgreSQL connection from the pool (Hikari's
 *     {@code connectionTimeout}; its default of 30 s made requests hang through an outage)
 * @param statementTimeout the longest a database statement of a request may run (JDBC query timeout; whole seconds,
 *     rounded up)
 * @param healthInterval how often PostgreSQL and Redis are checked in the background for readiness
 * @param healthTimeout how long a background check may take before the store counts as down
 */
@Validated
@ConfigurationProperties("yiwang.database")
public record StoreTimeoutProperties(
        @DefaultValue("2s") @NotNull @DurationMin(millis = 250) @DurationMax(seconds = 60)
        Duration connectionTimeout,

        @DefaultValue("2s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10)
        Duration statementTimeout,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1)
        Duration healthInterval,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 1)
        Duration healthTimeout) {}
