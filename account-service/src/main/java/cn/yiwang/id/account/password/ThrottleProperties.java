package cn.yiwang.id.account.password;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling per login name ({@code yiwang.account.throttle.*}).
 *
 * @param maxFailures failures within {@code window} after which the name is locked (default 5)
 * @param window how long failures are counted from the first one (default 15 minutes)
 * @param initialDelay the lock after the {@code maxFailures}-th failure; doubles with each
 * further failure (default 30 seconds)
 * @param maxDelay the longest lock (default 15 minutes)
 */
@Validated
@ConfigurationProperties("yiwang.account.throttle")
public record ThrottleProperties(
        @DefaultValue("5") @Min(1) int maxFailures,
        @DefaultValue("15m") @DurationMin(seconds = 1) Duration window,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration initialDelay,
        @DefaultValue("15m") @DurationMin(millis = 1) Duration maxDelay) {

    public ThrottleProperties {
        if (initialDelay != null && maxDelay != null && maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("yiwang.account.throttle.max-delay (" + maxDelay
                    + ") must not be shorter than yiwang.account.throttle.initial-delay (" + initialDelay + ")");
        }
    }

    /**
     * The defaults, for code that builds a throttle without Spring.
     * @return 5 failures within 15 minutes, locks from 30 seconds doubling up to 15 minutes
     */
    public static ThrottleProperties defaults() {
        return new ThrottleProperties(5, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15));
    }
}
