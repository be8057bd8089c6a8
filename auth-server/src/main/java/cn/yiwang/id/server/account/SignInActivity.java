package cn.yiwang.id.server.account;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.ClientAddresses;
import cn.yiwang.id.server.session.SsoSignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Writes every sign-in, and every failed attempt on a known account, to the audit trail, where the
 * citizen's activity page reads them: {@code login} events with the app being signed in to, the
 * methods ({@code amr}), the masked address and the browser. No secret and no full address is kept.
 */
@Component
public final class SignInActivity {

    /** The audit event type of sign-ins and failed attempts. */
    public static final String LOGIN = "login";

    private static final int MAX_USER_AGENT = 120;

    private final AuditLog audit;

    private final RequestCache requestCache;

    private final Clock clock;

    public SignInActivity(AuditLog audit, RequestCache requestCache, Clock clock) {
        this.audit = audit;
        this.requestCache = requestCache;
        this.clock = clock;
    }

    @EventListener
    public void signedIn(SsoSignedIn event) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                LOGIN,
                "user",
                event.session().accountId(),
                appOf(event.request(), event.response()),
                event.session().sid(),
                "success",
                detail(String.join(" ", event.session().amr()), event.request())));
    }

    /**
     * A failed attempt on a known account.
     * @param method what failed, an RFC 8176 value ({@code pwd}, {@code sms}, {@code otp}, {@code hwk})
     * @param outcome {@code failed}, {@code throttled} or {@code refused}
     */
    public void failed(
            UUID accountId, String method, String outcome, HttpServletRequest request, HttpServletResponse response) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                LOGIN,
                "user",
                accountId.toString(),
                appOf(request, response),
                null,
                outcome,
                detail(method, request)));
    }

    private static String detail(String methods, HttpServletRequest request) {
        String userAgent = request.getHeader("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        return "amr " + methods + "; ip " + ClientAddresses.mask(request.getRemoteAddr()) + "; ua "
                + ((userAgent != null) ? userAgent.replace(";", ",") : "");
    }

    /** The client of the authorization request this sign-in serves, if any. */
    private String appOf(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved == null) {
            return null;
        }
        List<String> values = UriComponentsBuilder.fromUriString(saved.getRedirectUrl())
                .build()
                .getQueryParams()
                .get("client_id");
        if (values == null || values.size() != 1 || values.get(0) == null) {
            return null;
        }
        String clientId = UriUtils.decode(values.get(0), StandardCharsets.UTF_8);
        return (clientId.length() <= 100) ? clientId : null;
    }
}
