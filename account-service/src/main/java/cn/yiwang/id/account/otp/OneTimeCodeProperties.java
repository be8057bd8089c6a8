package cn.yiwang.id.account.otp;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SMS one-time codes ({@code yiwang.otp.*}).
 *
 * @param ttl how long a code verifies (default 5 minutes, at most 30)
 * @param maxAttempts wrong attempts a code survives before it is dead (default 5, at most 10)
 * @param resendInterval least time between two codes sent to one phone (default 60 seconds; not
 * longer than {@code ttl}, or a citizen would wait with no live code)
 * @param dailyPerPhone codes sent to one phone per day, Asia/Shanghai (default 10)
 * @param dailyPerIp codes sent for one client address per day, Asia/Shanghai; IPv6 counts by /64
 * (default 50)
 * @param codeLength digits per code (default 6, from 6 to 10)
 */
@Validated
@ConfigurationProperties("yiwang.otp")
public record OneTimeCodeProperties(
        @DefaultValue("5m") @DurationMin(seconds = 1) @DurationMax(minutes = 30)
        Duration ttl,

        @DefaultValue("5") @Min(1) @Max(10) int maxAttempts,
        @DefaultValue("60s") @DurationMin(seconds = 1) Duration resendInterval,
        @DefaultValue("10") @Min(1) int dailyPerPhone,
        @DefaultValue("50") @Min(1) int dailyPerIp,
        @DefaultValue("6") @Min(6) @Max(10) int codeLength) {

    public OneTimeCodeProperties {
        if (ttl != null && resendInterval != null && resendInterval.compareTo(ttl) > 0) {
            throw new IllegalArgumentException("yiwang.otp.resend-interval (" + resendInterval
                    + ") must not be longer than yiwang.otp.ttl (" + ttl + ")");
        }
    }

    /**
     * The defaults, for code that builds {@link OneTimeCodes} without Spring.
     * @return 6-digit codes living 5 minutes with 5 attempts, one send per 60 seconds, 10 per phone
     * and 50 per client address a day
     */
    public static OneTimeCodeProperties defaults() {
        return new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 10, 50, 6);
    }
}
