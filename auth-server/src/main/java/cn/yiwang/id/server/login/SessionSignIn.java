package cn.yiwang.id.server.login;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.session.AccountLoginAuthentication;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Signs a citizen in from a flow other than the password form (SMS code, registration): the same
 * SSO session, {@code acr} rule and {@code yiwang.login} metric as a password sign-in, and the same
 * bar on a locked or closed account ({@link LockedException}).
 */
@Component
public final class SessionSignIn {

    private final SsoSecurityContextRepository sessions;
    private final RealNameRegistry realNames;
    private final MeterRegistry meters;
    private final AccountRepository accounts;

    public SessionSignIn(
            SsoSecurityContextRepository sessions,
            RealNameRegistry realNames,
            MeterRegistry meters,
            AccountRepository accounts) {
        this.sessions = sessions;
        this.realNames = realNames;
        this.meters = meters;
        this.accounts = accounts;
    }

    /** A local sign-in: the session reaches the account's level, up to L2. */
    public void signIn(
            UUID accountId, List<String> amr, String method, HttpServletRequest request, HttpServletResponse response) {
        signIn(accountId, amr, this.realNames.level(accountId).remoteSession().acr(), method, request, response);
    }

    /** A sign-in whose level was decided elsewhere (an upstream IdP's assertion, capped by its trust). */
    public void signIn(
            UUID accountId,
            List<String> amr,
            String acr,
            String method,
            HttpServletRequest request,
            HttpServletResponse response) {
        // the last gate of every flow that ends here (SMS, QR, province, second factor): an account an
        // administrator locked (or closed) gets no session, whichever flow vouched for the person
        if (this.accounts
                .findById(accountId)
                .map((a) -> a.status() != AccountStatus.ACTIVE)
                .orElse(true)) {
            this.meters
                    .counter("yiwang.login", "outcome", "locked", "method", method)
                    .increment();
            throw new LockedException("The account may not sign in");
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new AccountLoginAuthentication(accountId.toString(), amr, acr));
        this.sessions.saveContext(context, request, response);
        SecurityContextHolder.setContext(context);
        this.meters
                .counter("yiwang.login", "outcome", "success", "method", method)
                .increment();
    }
}
