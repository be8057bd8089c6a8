package cn.yiwang.id.server.logout;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How logout tokens are delivered to relying parties.
 *
 * @param maxAttempts deliveries tried per client before giving up
 * @param initialBackoff wait before the second attempt; doubles for each further one
 * @param timeout connect and response timeout of one attempt
 * @param threads parallel deliveries
 */
@Validated
@ConfigurationProperties("yiwang.logout.backchannel")
public record BackChannelLogoutProperties(
        @Min(1) @Max(10) @DefaultValue("4") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration initialBackoff,
        @NotNull @DefaultValue("5s") Duration timeout,
        @Min(1) @Max(64) @DefaultValue("4") int threads) {}
