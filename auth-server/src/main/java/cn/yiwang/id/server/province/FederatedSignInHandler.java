package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.signin.FederatedSignIn;
import cn.yiwang.id.federation.signin.FederatedSignInResult;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.login.SessionSignIn;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSessionProperties;
import cn.yiwang.id.server.web.ErrorPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * Turns what the federation decided about an upstream sign-in ({@link FederatedSignInResult}) into HTTP, whatever
 * the protocol: a denial back to the login page, a failure to the error page, a first-login step behind a cookie,
 * and a sign-in into a national SSO session ({@code amr} and level as decided) whose upstream side the federation
 * remembers for logout. Every outcome is audited; no failure leaves a session.
 */
@Component
public final class FederatedSignInHandler {

    static final String LINK_COOKIE = "YIWANG_FED_LINK";

    private final SessionSignIn signIn;
    private final FederatedSignIn federatedSignIn;
    private final SsoSessionProperties sessionProperties;
    private final RequestCache requestCache;
    private final AuditLog audit;
    private final Clock clock;

    public FederatedSignInHandler(
            SessionSignIn signIn,
            FederatedSignIn federatedSignIn,
            SsoSessionProperties sessionProperties,
            RequestCache requestCache,
            AuditLog audit,
            Clock clock) {
        this.signIn = signIn;
        this.federatedSignIn = federatedSignIn;
        this.sessionProperties = sessionProperties;
        this.requestCache = requestCache;
        this.audit = audit;
        this.clock = clock;
    }

    /** Answers the browser with the outcome of an upstream sign-in. */
    public void respond(FederatedSignInResult result, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String alias = result.idpAlias();
        if (result instanceof FederatedSignInResult.SignIn signedIn) {
            record("federation.signed-in", signedIn.accountId().toString(), alias, signedIn.detail());
            try {
                signIn(signedIn, request, response);
            } catch (LockedException ex) {
                record("federation.refused", signedIn.accountId().toString(), alias, "account-locked");
                ErrorPages.forward(
                        request,
                        response,
                        HttpStatus.FORBIDDEN,
                        "account_locked",
                        "This account is locked; please contact the service desk.");
            }
        } else if (result instanceof FederatedSignInResult.NeedsLink link) {
            Cookie cookie = new Cookie(LINK_COOKIE, link.linkKey());
            cookie.setHttpOnly(true);
            cookie.setPath(request.getContextPath() + "/federation");
            cookie.setSecure(request.isSecure());
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
            response.sendRedirect(request.getContextPath() + "/federation/link");
        } else if (result instanceof FederatedSignInResult.Denied denied) {
            record("federation.denied", null, alias, denied.error());
            response.sendRedirect(request.getContextPath() + "/login?idpDenied=" + alias);
        } else if (result instanceof FederatedSignInResult.Failed failed) {
            record("federation.failed", null, alias, failed.reason());
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_GATEWAY,
                    "federation_failed",
                    "The sign-in at the provincial identity provider could not be completed.");
        } else if (result instanceof FederatedSignInResult.Unknown unknown) {
            // an OIDC callback with an unknown state is not audited: only a SAML answer names its sender
            if (!unknown.reason().startsWith("oidc-")) {
                record("federation.failed", null, alias, unknown.reason());
            }
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "federation_state_unknown",
                    "This sign-in is unknown or has expired; please start again.");
        } else if (result instanceof FederatedSignInResult.Refused refused) {
            record("federation.refused", null, alias, refused.reason());
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "federation_refused",
                    "The provincial identity provider sent identity data that cannot be accepted.");
        }
    }

    /** Signs the linked account in, lets the federation remember the upstream side, and goes on. */
    public void signIn(FederatedSignInResult.SignIn signedIn, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        this.signIn.signIn(
                signedIn.accountId(), signedIn.amr(), signedIn.level().acr(), "federation", request, response);
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso) {
            this.federatedSignIn.sessionStarted(
                    sso.getSession().sid(), signedIn, this.sessionProperties.absoluteTimeout());
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        String target = (saved != null)
                ? saved.getRedirectUrl()
                : (signedIn.returnTo() != null) ? signedIn.returnTo() : request.getContextPath() + "/signed-in";
        response.sendRedirect(target);
    }

    /** The browser's handle on an identity waiting for a first-login link. */
    public Optional<String> linkKey(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (LINK_COOKIE.equals(cookie.getName())) {
                return Optional.ofNullable(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Records a federation event for the audit log. */
    public void record(String type, String accountId, String alias, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "idp:" + alias,
                accountId,
                null,
                null,
                type.substring(type.indexOf('.') + 1),
                detail));
    }
}
