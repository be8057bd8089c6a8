package cn.yiwang.id.server.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends a failed sign-in back to the form with what the user may know: bad credentials (never which
 * part), how long to wait when throttled, or that an account they proved they own cannot sign in.
 */
public final class LoginFailureHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String target;
        if (exception instanceof LoginThrottledException throttled) {
            long seconds = Math.max(1, (throttled.getRetryAfter().toMillis() + 999) / 1000);
            target = "/login?throttled=" + seconds;
        } else if (exception instanceof AccountStatusException) {
            target = "/login?unavailable";
        } else {
            target = "/login?error";
        }
        response.sendRedirect(request.getContextPath() + target);
    }
}
