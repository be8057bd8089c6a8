package cn.yiwang.id.server.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The administration console's sign-in and session ({@code yiwang.admin.*}).
 *
 * @param idleTimeout the administrator's session ends after this long without a request (15 minutes: 等保 三级)
 * @param absoluteTimeout the session ends this long after sign-in, whatever the activity
 * @param cookieName the session cookie
 * @param secureCookie whether the cookie is {@code Secure}; null means "when the request is HTTPS"
 * @param maxFailures wrong passwords or codes in a row before the administrator is locked
 * @param lockDuration how long a lock lasts
 * @param bootstrap the first security administrator, created at start-up when no administrator has that name
 * @param demoAdministrators seeds {@code sysadmin}, {@code secadmin} and {@code auditadmin} with a well-known
 *     password and TOTP secret: the embedded default and the tests only, refused under the {@code prod} profile
 */
@Validated
@ConfigurationProperties("yiwang.admin")
public record AdminConsoleProperties(
        @NotNull @DefaultValue("15m") Duration idleTimeout,
        @NotNull @DefaultValue("8h") Duration absoluteTimeout,
        @NotBlank @DefaultValue("YIWANG_ADMIN") String cookieName,
        Boolean secureCookie,
        @Min(1) @DefaultValue("5") int maxFailures,
        @NotNull @DefaultValue("15m") Duration lockDuration,
        @Valid Bootstrap bootstrap,
        @DefaultValue("false") boolean demoAdministrators) {

    public AdminConsoleProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("yiwang.admin.idle-timeout must be positive");
        }
        if (absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException(
                    "yiwang.admin.absolute-timeout must not be shorter than yiwang.admin.idle-timeout");
        }
    }

    /**
     * The first security administrator. Its authenticator is enrolled at its first sign-in.
     *
     * @param username the sign-in name
     * @param passwordHash the password hash, e.g. {@code {argon2}$argon2id$...} (from a secret, never the password)
     * @param displayName how the console shows the person
     */
    public record Bootstrap(
            @NotBlank String username,
            @NotBlank String passwordHash,
            @DefaultValue("Security administrator") String displayName) {

        /** Leaves the hash out of logs. */
        @Override
        public String toString() {
            return "Bootstrap[username=" + this.username + "]";
        }
    }
}
