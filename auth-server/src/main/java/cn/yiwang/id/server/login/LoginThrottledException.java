package cn.yiwang.id.server.login;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins for this login name; the page tells the user when to retry. */
public final class LoginThrottledException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed sign-in attempts");
        this.retryAfter = retryAfter;
    }

    public Duration getRetryAfter() {
        return this.retryAfter;
    }
}
