package cn.yiwang.id.server.qr;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * QR-code sign-in (扫码登录) on the login page.
 *
 * @param enabled whether the login page offers it
 * @param ttl how long a QR code (a login request) lives unscanned, and how long each later step may take
 *     (the citizen confirming on the phone, the browser finishing); the page fetches a new code when one
 *     expires
 * @param locations where client addresses are, for the phone to show where the sign-in comes from:
 *     CIDR block to place name (e.g. {@code "202.96.0.0/16": 上海}); loopback and private addresses are
 *     named as such, anything else unknown
 */
@Validated
@ConfigurationProperties("yiwang.qr")
public record QrLoginProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("60s") Duration ttl,
        Map<String, String> locations) {

    public QrLoginProperties {
        locations = (locations != null) ? Map.copyOf(locations) : Map.of();
        if (ttl.compareTo(Duration.ofSeconds(5)) < 0 || ttl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("yiwang.qr.ttl must be between 5s and 5m");
        }
    }
}
