package cn.yiwang.id.server.device;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The device authorization grant (RFC 8628) for kiosks and TVs. Device code lifetimes are per client
 * ({@code device-code-ttl}); these are the server-wide rules.
 *
 * @param interval the polling interval announced to devices (RFC 8628 §3.2); a device that polls sooner is
 *     told {@code slow_down} and must add 5 seconds (§3.5)
 * @param guessWindow the window in which wrong user codes at {@code /activate} are counted
 * @param maxGuessesPerIp wrong user codes one client address may enter in that window
 * @param maxGuessesPerAccount wrong user codes one signed-in account may enter in that window
 * @param maxGuessesPerMinute wrong user codes the whole service accepts per minute, whoever enters them,
 *     so that guessing spread over many addresses and accounts stays hopeless (RFC 8628 §5.1)
 */
@Validated
@ConfigurationProperties("yiwang.device")
public record DeviceProperties(
        @NotNull @DefaultValue("5s") Duration interval,
        @NotNull @DefaultValue("15m") Duration guessWindow,
        @Min(1) @DefaultValue("10") int maxGuessesPerIp,
        @Min(1) @DefaultValue("10") int maxGuessesPerAccount,
        @Min(1) @DefaultValue("600") int maxGuessesPerMinute) {

    public DeviceProperties {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("yiwang.device.interval must be at least 1s");
        }
    }
}
