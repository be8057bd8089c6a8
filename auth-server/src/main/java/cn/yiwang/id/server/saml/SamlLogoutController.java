package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlStatus;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.logout.BrowserLogout;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.server.session.SsoSessionStore;
import cn.yiwang.id.server.web.ErrorPages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * SAML Single Logout (profiles §4.4) at the IdP: a service provider's LogoutRequest ends the
 * citizen's SSO session through the same national logout as OIDC (back-channel and front-channel
 * to the relying parties, LogoutRequests to the other SAML SPs, the upstream provincial IdP), then
 * the SP gets its LogoutResponse. LogoutResponses from SPs we notified are acknowledged.
 */
@Controller
public final class SamlLogoutController {

    private static final Logger log = LoggerFactory.getLogger(SamlLogoutController.class);

    static final String CONTINUE_PATH = SamlIdpEndpoints.SLO_PATH + "/continue";
    static final String SEND_PATH = "/saml2/idp/send";
    /** Like SEND_PATH, but loaded in an iframe of our logging-out page, so it may be framed by us. */
    public static final String FRAME_PATH = "/saml2/idp/frame";

    private final LogoutRequestReader reader;
    private final PendingSamlLogouts pending;
    private final OutboundSamlMessages outbound;
    private final LogoutMessages messages;
    private final NameIds nameIds;
    private final SsoSessionStore sessions;
    private final BrowserLogout browserLogout;
    private final SamlKeyStore keys;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final YiwangServerProperties server;
    private final Clock clock;

    public SamlLogoutController(
            LogoutRequestReader reader,
            PendingSamlLogouts pending,
            OutboundSamlMessages outbound,
            LogoutMessages messages,
            NameIds nameIds,
            SsoSessionStore sessions,
            BrowserLogout browserLogout,
            SamlKeyStore keys,
            AuditLog audit,
            MeterRegistry meters,
            YiwangServerProperties server,
            Clock clock) {
        this.reader = reader;
        this.pending = pending;
        this.outbound = outbound;
        this.messages = messages;
        this.nameIds = nameIds;
        this.sessions = sessions;
        this.browserLogout = browserLogout;
        this.keys = keys;
        this.audit = audit;
        this.meters = meters;
        this.server = server;
        this.clock = clock;
    }

    @GetMapping(SamlIdpEndpoints.SLO_PATH)
    public void redirectBinding(
            @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
            @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (samlRequest != null) {
            accept(
                    () -> this.reader.fromRedirect(samlRequest, relayState, request.getQueryString()),
                    request,
                    response);
            return;
        }
        acknowledge(samlResponse, true, request, response);
    }

    @PostMapping(SamlIdpEndpoints.SLO_PATH)
    public void postBinding(
            @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
            @RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (samlRequest != null) {
            accept(() -> this.reader.fromPost(samlRequest, relayState), request, response);
            return;
        }
        acknowledge(samlResponse, false, request, response);
    }

    /** The top-level GET that sees the SSO cookie: ends the session when the request names its citizen. */
    @GetMapping(CONTINUE_PATH)
    public void proceed(
            @RequestParam(name = "k", required = false) String key,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        LogoutRequestReader.SamlLogoutRequest logout = this.pending.take(key).orElse(null);
        if (logout == null) {
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "saml_request_unknown",
                    "This logout request is unknown or has expired.");
            return;
        }
        ServiceProvider sp = logout.serviceProvider();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        SsoSession session = (authentication instanceof SsoAuthentication sso) ? sso.getSession() : null;
        if (session != null && !names(logout, session)) {
            record("saml.slo.refused", sp, null, null, "unknown_principal");
            response.sendRedirect(
                    answerTarget(logout, SamlNames.STATUS_REQUESTER, "The session does not belong to this subject"));
            return;
        }
        String target = answerTarget(logout, SamlNames.STATUS_SUCCESS, null);
        if (session == null) {
            // Already signed out here (another logout got there first): logging out is idempotent.
            record("saml.slo", sp, null, null, "no-session");
            response.sendRedirect(target);
            return;
        }
        for (String participant : SamlParticipantLogout.participantIds(sp)) {
            this.sessions.removeParticipant(session.sid(), participant);
        }
        record("saml.slo", sp, session.accountId(), session.sid(), "sp-initiated");
        this.meters.counter("yiwang.saml.slo", "outcome", "success").increment();
        this.browserLogout.logOut(request, response, "saml:" + sp.alias(), "saml-logout");
        this.browserLogout.finish(request, response, target);
    }

    /** Delivers a stored message: a signed redirect, or a signed auto-posting form. */
    @GetMapping({SEND_PATH, FRAME_PATH})
    public void deliver(
            @RequestParam(name = "k", required = false) String key,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        Optional<OutboundSamlMessages.Message> message = this.outbound.take(key);
        if (message.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/logged-out");
            return;
        }
        OutboundSamlMessages.Message m = message.get();
        if (SamlNames.BINDING_REDIRECT.equals(m.binding())) {
            String query = RedirectBinding.signedQuery(
                    m.parameter(),
                    m.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    m.relayState(),
                    this.keys.credential().privateKey());
            response.sendRedirect(m.destination() + (m.destination().contains("?") ? "&" : "?") + query);
            return;
        }
        Document document = SecureXml.parse(m.xml().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SamlCredential credential = this.keys.credential();
        XmlSignatures.sign(document.getDocumentElement(), credential.privateKey(), credential.certificate());
        SamlSsoController.post(response, m.destination(), m.parameter(), document, m.relayState());
    }

    private void accept(
            java.util.function.Supplier<LogoutRequestReader.SamlLogoutRequest> read,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        LogoutRequestReader.SamlLogoutRequest logout;
        try {
            logout = read.get();
        } catch (SamlRequestException ex) {
            record("saml.slo.refused", ex.serviceProvider(), null, null, ex.reason());
            this.meters.counter("yiwang.saml.slo", "outcome", "refused").increment();
            log.info("Refused a SAML logout request: {}", ex.reason());
            ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "saml_request_invalid", ex.getMessage());
            return;
        }
        response.sendRedirect(request.getContextPath() + CONTINUE_PATH + "?k=" + this.pending.put(logout));
    }

    /** A LogoutResponse from an SP we notified in an iframe: nothing to do but note how it went. */
    private void acknowledge(
            String samlResponse, boolean redirect, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (samlResponse == null) {
            ErrorPages.forward(
                    request, response, HttpStatus.BAD_REQUEST, "saml_request_invalid", "No SAML message was sent.");
            return;
        }
        String status = "unreadable";
        try {
            byte[] xml = redirect ? RedirectBinding.decode(samlResponse) : PostBinding.decode(samlResponse);
            Element root = SecureXml.parse(xml).getDocumentElement();
            if (SamlXml.is(root, SamlNames.PROTOCOL_NS, "LogoutResponse")) {
                status = SamlStatus.of(root)
                        .map((s) -> s.codeName().orElse("other"))
                        .orElse("none");
            }
        } catch (SamlException ex) {
            status = ex.reason();
        }
        this.meters
                .counter("yiwang.saml.slo.response", "status", status.length() <= 32 ? status : "other")
                .increment();
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter()
                .write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>OK</title></head>"
                        + "<body>已退出 / Signed out</body></html>");
    }

    private boolean names(LogoutRequestReader.SamlLogoutRequest logout, SsoSession session) {
        ServiceProvider sp = logout.serviceProvider();
        String expected = this.nameIds.nameId(logout.nameIdFormat(), sp, session.accountId(), session.sid());
        boolean sameSubject = java.security.MessageDigest.isEqual(
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                logout.nameId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return sameSubject
                && (logout.sessionIndexes().isEmpty()
                        || logout.sessionIndexes().contains(this.nameIds.sessionIndex(sp, session.sid())));
    }

    /** Stores our LogoutResponse and returns the URL that delivers it, or /logged-out when the SP has no SLO. */
    private String answerTarget(LogoutRequestReader.SamlLogoutRequest logout, String status, String message) {
        ServiceProvider sp = logout.serviceProvider();
        Optional<SamlEndpoint> endpoint = sp.singleLogoutService(logout.binding())
                .or(() -> sp.singleLogoutService(SamlNames.BINDING_REDIRECT))
                .or(() -> sp.singleLogoutService(SamlNames.BINDING_POST));
        if (endpoint.isEmpty()) {
            return this.server.issuerString() + "/logged-out";
        }
        String destination = endpoint.get().responseTarget();
        Document answer = this.messages.response(destination, logout.id(), status, message);
        String key = this.outbound.put(new OutboundSamlMessages.Message(
                destination,
                endpoint.get().binding(),
                "SAMLResponse",
                SecureXml.toString(answer),
                logout.relayState()));
        return this.server.issuerString() + SEND_PATH + "?k=" + key;
    }

    private void record(String type, ServiceProvider sp, String accountId, String sid, String detail) {
        String actor = (sp != null) ? "saml:" + sp.alias() : "saml:unknown";
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                actor,
                accountId,
                (sp != null) ? actor : null,
                sid,
                type.endsWith("refused") ? "failure" : "success",
                detail));
    }
}
