package cn.yiwang.id.server.login;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.server.account.SignInActivity;
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

    private static final int MAX_NAME = 256;

    private final AccountRepository accounts;

    private final SignInActivity activity;

    public LoginFailureHandler(AccountRepository accounts, SignInActivity activity) {
        this.accounts = accounts;
        this.activity = activity;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        recordOnAccount(request, response, exception);
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

    // the citizen's activity page lists failed attempts on their account; unknown names are nobody's
    private void recordOnAccount(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
        String name = request.getParameter("username");
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            return;
        }
        this.accounts
                .findByLoginName(name)
                .ifPresent((account) -> this.activity.failed(
                        account.id(),
                        "pwd",
                        (exception instanceof LoginThrottledException) ? "throttled" : "failed",
                        request,
                        response));
    }
}
