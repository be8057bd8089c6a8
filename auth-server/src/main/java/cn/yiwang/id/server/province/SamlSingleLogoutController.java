package cn.yiwang.id.server.province;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.SamlInboundMessage;
import cn.yiwang.id.federation.saml.SamlLogoutException;
import cn.yiwang.id.federation.saml.SamlOutboundMessage;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.federation.saml.SamlSingleLogout;
import cn.yiwang.id.federation.saml.UpstreamLogoutRequest;
import cn.yiwang.id.federation.signin.UpstreamLogouts;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.logout.BrowserLogout;
import cn.yiwang.id.server.logout.FrontChannelLogout;
import cn.yiwang.id.server.logout.SsoSessionTerminator;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import cn.yiwang.id.server.web.ErrorPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Our SP's single logout service towards the SAML provinces (profiles §4.4), over HTTP-Redirect
 * and HTTP-POST (CSRF-exempt: the messages carry the province's signature, not a form of ours).
 * <ul>
 * <li>A province's LogoutRequest ends every national session that came from the upstream session
 * it names (IdP, NameID, SessionIndex), through the national logout (back-channel and front-channel
 * to the relying parties, LogoutRequests to our SAML SPs), and is answered with our signed
 * LogoutResponse: Success, PartialLogout when a session could not be ended, or Requester when the
 * signed request breaks a rule. A request that cannot be trusted gets an error page.</li>
 * <li>A province's LogoutResponse to our LogoutRequest ({@link UpstreamLogoutRedirect}) is checked,
 * and the browser goes on to where the logout was meant to end.</li>
 * </ul>
 */
@Controller
public final class SamlSingleLogoutController {

    private static final Logger log = LoggerFactory.getLogger(SamlSingleLogoutController.class);

    private final IdentityProviderRegistry registry;
    private final SamlSingleLogout singleLogout;
    private final SsoSessionTerminator terminator;
    private final SsoSecurityContextRepository sessions;
    private final BrowserLogout browserLogout;
    private final UpstreamLogoutRedirect upstreamLogout;
    private final UpstreamLogouts upstreamLogouts;
    private final AuditLog audit;
    private final YiwangServerProperties server;
    private final Clock clock;

    public SamlSingleLogoutController(
            IdentityProviderRegistry registry,
            SamlSingleLogout singleLogout,
            SsoSessionTerminator terminator,
            SsoSecurityContextRepository sessions,
            BrowserLogout browserLogout,
            UpstreamLogoutRedirect upstreamLogout,
            UpstreamLogouts upstreamLogouts,
            AuditLog audit,
            YiwangServerProperties server,
            Clock clock) {
        this.registry = registry;
        this.singleLogout = singleLogout;
        this.terminator = terminator;
        this.sessions = sessions;
        this.browserLogout = browserLogout;
        this.upstreamLogout = upstreamLogout;
        this.upstreamLogouts = upstreamLogouts;
        this.audit = audit;
        this.server = server;
        this.clock = clock;
    }

    @GetMapping(SamlServiceProvider.SLO_PATH)
    public void redirectBinding(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        SamlInboundMessage message;
        try {
            message = SamlInboundMessage.redirect(request.getQueryString());
        } catch (SamlException ex) {
            refuse("saml-" + ex.reason().replace('_', '-'), null, request, response);
            return;
        }
        handle(message, request, response);
    }

    @PostMapping(SamlServiceProvider.SLO_PATH)
    public void postBinding(
            @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
            @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if ((samlRequest == null) == (samlResponse == null)) {
            refuse("saml-no-message", null, request, response);
            return;
        }
        handle(
                (samlRequest != null)
                        ? SamlInboundMessage.post("SAMLRequest", samlRequest, relayState)
                        : SamlInboundMessage.post("SAMLResponse", samlResponse, relayState),
                request,
                response);
    }

    /** Serves a stored page that posts our signed message to a province, once. */
    @GetMapping(UpstreamLogouts.SEND_PATH)
    public void send(
            @RequestParam(name = "k", required = false) String key,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Optional<String> page = this.upstreamLogouts.takePage(key);
        if (page.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/logged-out");
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(page.get());
    }

    private void handle(SamlInboundMessage message, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (!message.isRequest()) {
            response.sendRedirect(this.upstreamLogout.finalTarget(message));
            return;
        }
        UpstreamLogoutRequest logout;
        try {
            logout = this.singleLogout.readLogoutRequest(message, serviceProvider(), this.registry::findEnabledSaml);
        } catch (SamlLogoutException ex) {
            log.info("SAML LogoutRequest refused: {}", ex.reason());
            if (ex.answerTo() == null) {
                refuse(ex.reason(), ex.idpAlias(), request, response);
                return;
            }
            record("federation.slo.refused", ex.idpAlias(), null, "failure", ex.reason());
            response.sendRedirect(
                    answer(ex.answerTo(), message.relayState(), requestId(ex), ex.status(), message.binding()));
            return;
        }
        endSessions(logout, request, response);
    }

    private void endSessions(UpstreamLogoutRequest logout, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        IdentityProvider idp = logout.idp();
        Set<String> sids = this.upstreamLogouts.nationalSessions(idp.alias(), logout.nameId(), logout.sessionIndexes());
        List<FrontChannelLogout> frontChannel = new ArrayList<>();
        boolean partial = false;
        for (String sid : sids) {
            try {
                frontChannel.addAll(
                        this.terminator.endAndCollectFrontChannel(sid, "idp:" + idp.alias(), "upstream-logout"));
                this.upstreamLogouts.forget(sid);
            } catch (RuntimeException ex) {
                log.error("Could not end session after the SAML logout of {}: {}", idp.alias(), ex.toString());
                partial = true;
            }
        }
        // this browser's own session among them: its cookie names a session that no longer exists
        if (this.sessions.currentSid(request).filter(sids::contains).isPresent()) {
            this.sessions.clearCookie(request, response);
        }
        record(
                "federation.slo",
                idp.alias(),
                null,
                partial ? "partial" : "success",
                "province-initiated; sessions " + sids.size());
        String target = answer(
                idp,
                logout.relayState(),
                logout.id(),
                partial ? SamlNames.STATUS_PARTIAL_LOGOUT : SamlNames.STATUS_SUCCESS,
                logout.binding());
        this.browserLogout.continueTo(request, response, frontChannel, target);
    }

    /** Our signed LogoutResponse, as the URL that delivers it; /logged-out when the IdP has no SLO. */
    private String answer(IdentityProvider idp, String relayState, String inResponseTo, String status, String binding) {
        if (inResponseTo == null) {
            return this.server.issuerString() + "/logged-out";
        }
        Optional<SamlOutboundMessage> answer =
                this.singleLogout.logoutResponse(idp, serviceProvider(), inResponseTo, status, relayState, binding);
        return answer.map((m) -> m.isRedirect()
                        ? m.redirectUri().toString()
                        : this.upstreamLogouts.storePage(m.postForm(), this.server.issuerString()))
                .orElse(this.server.issuerString() + "/logged-out");
    }

    private static String requestId(SamlLogoutException ex) {
        return ex.requestId();
    }

    private void refuse(String reason, String alias, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        record("federation.slo.refused", (alias != null) ? alias : "unknown", null, "failure", reason);
        ErrorPages.forward(
                request,
                response,
                HttpStatus.BAD_REQUEST,
                "saml_request_invalid",
                "This logout message cannot be accepted.");
    }

    private void record(String type, String alias, String accountId, String outcome, String detail) {
        this.audit.record(
                new AuditEvent(this.clock.instant(), type, "idp:" + alias, accountId, null, null, outcome, detail));
    }

    private SamlServiceProvider serviceProvider() {
        return SamlServiceProvider.forIssuer(this.server.issuerString());
    }
}
