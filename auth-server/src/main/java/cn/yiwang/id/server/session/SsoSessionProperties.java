package cn.yiwang.id.server.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Lifetimes and cookie of the SSO session.
 *
 * @param idleTimeout the session ends after this long without use
 * @param absoluteTimeout the session ends this long after sign-in, whatever the activity
 * @param cookieName name of the browser cookie carrying the session handle
 * @param secureCookie whether the cookie is marked {@code Secure}; null means "when the request is HTTPS"
 * @param maxPerAccount concurrent sessions one account may hold; signing in beyond it ends the oldest
 * @param expiryEvents whether to subscribe to Redis expiry events so timed-out sessions get the
 *     logout fan-out (needs {@code notify-keyspace-events} with {@code Kx}, which is set at start-up)
 */
@Validated
@ConfigurationProperties("yiwang.session")
public record SsoSessionProperties(
        @NotNull @DefaultValue("30m") Duration idleTimeout,
        @NotNull @DefaultValue("8h") Duration absoluteTimeout,
        @NotBlank @DefaultValue("YIWANG_SSO") String cookieName,
        Boolean secureCookie,
        @Min(1) @DefaultValue("10") int maxPerAccount,
        @DefaultValue("true") boolean expiryEvents) {

    public SsoSessionProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("yiwang.session.idle-timeout must be positive");
        }
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException(
                    "yiwang.session.absolute-timeout must not be shorter than yiwang.session.idle-timeout");
        }
    }
}
