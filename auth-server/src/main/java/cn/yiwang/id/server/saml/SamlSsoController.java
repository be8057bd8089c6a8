package cn.yiwang.id.server.saml;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.w3c.dom.Document;

/**
 * The SAML Web Browser SSO profile (profiles §4.1): takes AuthnRequests over HTTP-Redirect and
 * HTTP-POST and IdP-initiated sign-ons, has the citizen sign in (or reuses the SSO session, as
 * for OIDC; ForceAuthn signs in again, IsPassive never shows a page, a requested authentication
 * context steps up), and posts the response to the SP's registered ACS.
 */
@Controller
public final class SamlSsoController {

    private static final Logger log = LoggerFactory.getLogger(SamlSsoController.class);

    private final AuthnRequestReader reader;
    private final PendingSamlRequests pending;
    private final SamlResponseFactory responses;
    private final NameIds nameIds;
    private final SamlAttributes attributes;
    private final SsoSessionStore sessions;
    private final SamlConsents consents;
    private final RequestCache requestCache;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public SamlSsoController(
            AuthnRequestReader reader,
            PendingSamlRequests pending,
            SamlResponseFactory responses,
            NameIds nameIds,
            SamlAttributes attributes,
            SsoSessionStore sessions,
            SamlConsents consents,
            RequestCache requestCache,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        this.reader = reader;
        this.pending = pending;
        this.responses = responses;
        this.nameIds = nameIds;
        this.attributes = attributes;
        this.sessions = sessions;
        this.consents = consents;
        this.requestCache = requestCache;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    @GetMapping(SamlIdpEndpoints.SSO_PATH)
    public void redirectBinding(
            @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (samlRequest == null) {
            refuse(
                    SamlRequestException.untrusted("missing_request", "No SAMLRequest was sent", null),
                    request,
                    response);
            return;
        }
        accept(() -> this.reader.fromRedirect(samlRequest, relayState, request.getQueryString()), request, response);
    }

    @PostMapping(SamlIdpEndpoints.SSO_PATH)
    public void postBinding(
            @RequestParam(name = "SAMLRequest", required = false) String samlRequest,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (samlRequest == null) {
            refuse(
                    SamlRequestException.untrusted("missing_request", "No SAMLRequest was sent", null),
                    request,
                    response);
            return;
        }
        accept(() -> this.reader.fromPost(samlRequest, relayState), request, response);
    }

    /** IdP-initiated SSO: {@code ?sp=<entityID or alias>&RelayState=<target at the SP>}. */
    @GetMapping(SamlIdpEndpoints.INITIATE_PATH)
    public void initiate(
            @RequestParam(name = "sp", required = false) String sp,
            @RequestParam(name = "RelayState", required = false) String relayState,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (sp == null || sp.isBlank() || sp.length() > 1024) {
            refuse(
                    SamlRequestException.untrusted("unknown_service_provider", "No service provider was named", null),
                    request,
                    response);
            return;
        }
        accept(() -> this.reader.unsolicited(sp, relayState), request, response);
    }

    /**
     * Where the browser comes back once signed in (or at once, when it already was): answers the
     * stored request with the SSO session the browser now has.
     */
    @GetMapping(SamlIdpEndpoints.CONTINUE_PATH)
    public void proceed(
            @RequestParam(name = "k", required = false) String key,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        PendingSamlRequests.Pending found = this.pending.find(key).orElse(null);
        if (found == null) {
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "saml_request_unknown",
                    "This sign-in request is unknown or has expired; please start again at the service.");
            return;
        }
        InboundAuthnRequest samlRequest = found.request();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        SsoSession session = (authentication instanceof SsoAuthentication sso) ? sso.getSession() : null;
        if (!signedInFreshly(found, session)) {
            if (samlRequest.passive()) {
                fail(
                        key,
                        samlRequest,
                        "no_passive",
                        SamlNames.STATUS_RESPONDER,
                        SamlNames.STATUS_NO_PASSIVE,
                        "The user is not signed in",
                        response);
                return;
            }
            if (samlRequest.forceAuthn()) {
                this.pending.markForced(key, (session != null) ? session.sid() : null);
            }
            SecurityContextHolder.clearContext();
            this.requestCache.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        if (!RequestedSubjectRule.holds(samlRequest, session, this.nameIds)) {
            if (samlRequest.passive()) {
                fail(
                        key,
                        samlRequest,
                        "subject_mismatch",
                        SamlNames.STATUS_RESPONDER,
                        SamlNames.STATUS_NO_PASSIVE,
                        "The signed-in user is not the subject the request names",
                        response);
                return;
            }
            if (!found.subjectAsked()) {
                // once: the citizen may sign in as the subject the service provider asked for
                this.pending.markSubjectAsked(key);
                SecurityContextHolder.clearContext();
                this.requestCache.saveRequest(request, response);
                response.sendRedirect(request.getContextPath() + "/login");
                return;
            }
            fail(
                    key,
                    samlRequest,
                    "subject_mismatch",
                    SamlNames.STATUS_RESPONDER,
                    SamlNames.STATUS_UNKNOWN_PRINCIPAL,
                    "The signed-in user is not the subject the request names",
                    response);
            return;
        }
        AssuranceLevel level = AssuranceLevel.fromAcr(session.acr()).orElse(AssuranceLevel.L1);
        if (samlRequest.requirement().minimum().isPresent()
                && !level.atLeast(samlRequest.requirement().minimum().get())) {
            if (samlRequest.passive()) {
                fail(
                        key,
                        samlRequest,
                        "no_passive",
                        SamlNames.STATUS_RESPONDER,
                        SamlNames.STATUS_NO_PASSIVE,
                        "The session's level of assurance is below the one requested",
                        response);
                return;
            }
            this.requestCache.saveRequest(request, response);
            response.sendRedirect(request.getContextPath() + "/stepup?level="
                    + samlRequest.requirement().minimum().get().name());
            return;
        }
        ServiceProvider sp = samlRequest.serviceProvider();
        boolean idNumber = false;
        if (sp.releases(ServiceProvider.ID_NUMBER)) {
            // sensitive personal information (PIPL art. 29): only with the citizen's own consent
            if (this.consents.granted(sp.entityId(), session.accountId(), ServiceProvider.ID_NUMBER)) {
                idNumber = true;
            } else if (found.idNumberConsent() != null) {
                idNumber = found.idNumberConsent();
            } else if (!samlRequest.passive()) {
                response.sendRedirect(request.getContextPath() + SamlConsentController.CONSENT_PATH + "?k=" + key);
                return;
            }
        }
        this.pending.remove(key);
        respond(samlRequest, session, idNumber, response);
    }

    /**
     * A session that can answer: any, unless ForceAuthn asked for a sign-in after the request, which
     * shows as a session other than the one the citizen was sent away from (authTime is kept to the
     * second, too coarse to tell by itself).
     */
    private static boolean signedInFreshly(PendingSamlRequests.Pending found, SsoSession session) {
        if (session == null) {
            return false;
        }
        if (!found.request().forceAuthn()) {
            return true;
        }
        if (found.forcedFrom() != null) {
            return !found.forcedFrom().equals(session.sid());
        }
        return session.authTime().isAfter(found.receivedAt());
    }

    private void respond(
            InboundAuthnRequest samlRequest, SsoSession session, boolean idNumber, HttpServletResponse response)
            throws IOException {
        ServiceProvider sp = samlRequest.serviceProvider();
        String classRef = (samlRequest.requirement().assertedRef() != null)
                ? samlRequest.requirement().assertedRef()
                : session.acr();
        SamlResponseFactory.Authn authn = new SamlResponseFactory.Authn(
                samlRequest.nameIdFormat(),
                this.nameIds.nameId(samlRequest.nameIdFormat(), sp, session.accountId(), session.sid()),
                this.nameIds.sessionIndex(sp, session.sid()),
                session.authTime(),
                session.expiresAt(),
                classRef,
                this.attributes.release(sp, session.accountId(), idNumber));
        Document document = this.responses.success(sp, samlRequest.acs(), samlRequest.requestId(), authn);
        this.sessions.addParticipant(
                session.sid(), SamlParticipantLogout.participantId(sp, samlRequest.nameIdFormat()));
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.sso",
                "saml:" + sp.alias(),
                session.accountId(),
                "saml:" + sp.alias(),
                session.sid(),
                "success",
                (samlRequest.requestId() == null) ? "idp-initiated" : "authn-request"));
        this.meters.counter("yiwang.saml.sso", "outcome", "success").increment();
        post(response, samlRequest.acs(), "SAMLResponse", document, samlRequest.relayState());
    }

    private void accept(
            java.util.function.Supplier<InboundAuthnRequest> read,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        InboundAuthnRequest samlRequest;
        try {
            samlRequest = read.get();
        } catch (SamlRequestException ex) {
            refuse(ex, request, response);
            return;
        }
        String key = this.pending.put(samlRequest, this.clock.instant());
        response.sendRedirect(request.getContextPath() + SamlIdpEndpoints.CONTINUE_PATH + "?k=" + key);
    }

    private void refuse(SamlRequestException ex, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        ServiceProvider sp = ex.serviceProvider();
        String actor = (sp != null) ? "saml:" + sp.alias() : "saml:unknown";
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.sso.refused",
                actor,
                null,
                (sp != null) ? actor : null,
                null,
                "failure",
                ex.reason()));
        this.meters.counter("yiwang.saml.sso", "outcome", "refused").increment();
        log.info("Refused a SAML request from {}: {}", actor, ex.reason());
        if (ex.answerable()) {
            Document document = this.responses.error(
                    ex.acs(), ex.inResponseTo(), ex.statusCode(), ex.secondLevel(), ex.getMessage());
            post(response, ex.acs(), "SAMLResponse", document, ex.relayState());
            return;
        }
        ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "saml_request_invalid", ex.getMessage());
    }

    private void fail(
            String key,
            InboundAuthnRequest samlRequest,
            String reason,
            String status,
            String secondLevel,
            String message,
            HttpServletResponse response)
            throws IOException {
        this.pending.remove(key);
        ServiceProvider sp = samlRequest.serviceProvider();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.sso.refused",
                "saml:" + sp.alias(),
                null,
                "saml:" + sp.alias(),
                null,
                "failure",
                reason));
        this.meters.counter("yiwang.saml.sso", "outcome", reason).increment();
        Document document =
                this.responses.error(samlRequest.acs(), samlRequest.requestId(), status, secondLevel, message);
        post(response, samlRequest.acs(), "SAMLResponse", document, samlRequest.relayState());
    }

    static void post(
            HttpServletResponse response, String action, String parameter, Document document, String relayState)
            throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.setHeader("Pragma", "no-cache");
        response.getWriter().write(PostBinding.form(action, parameter, SecureXml.toBytes(document), relayState));
    }
}
