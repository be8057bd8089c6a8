package cn.yiwang.id.server.federation;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.LinkOutcome;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.saml.SamlNameId;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.login.SessionSignIn;
import cn.yiwang.id.server.session.FederatedSessions;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.web.ErrorPages;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What follows an upstream sign-in, whatever the protocol (the OIDC callback, the SAML assertion
 * consumer): a denial back to the login page, a failure to the error page, and an authenticated
 * identity through account linking to a national session with {@code amr} {@code fed} and the level
 * capped by the IdP's trust, or to the first-login step. Every outcome is audited; no failure
 * leaves a session.
 */
@Component
public final class FederatedSignIn {

    static final String LINK_COOKIE = "YIWANG_FED_LINK";

    private final AccountLinking linking;
    private final FederationStateStore state;
    private final SessionSignIn signIn;
    private final FederatedSessions federatedSessions;
    private final RequestCache requestCache;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public FederatedSignIn(
            AccountLinking linking,
            FederationStateStore state,
            SessionSignIn signIn,
            FederatedSessions federatedSessions,
            RequestCache requestCache,
            AuditLog audit,
            JsonMapper json,
            Clock clock) {
        this.linking = linking;
        this.state = state;
        this.signIn = signIn;
        this.federatedSessions = federatedSessions;
        this.requestCache = requestCache;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Ends an upstream sign-in with the browser's answer.
     * @param idp the identity provider
     * @param result what the upstream sign-in gave
     * @param returnTo where to go once signed in when the browser's saved request cannot be read here
     *     (a cross-site POST carries no SameSite cookie), or null to use the saved request
     */
    public void complete(
            IdentityProvider idp,
            UpstreamResult result,
            String returnTo,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        String alias = idp.alias();
        if (result instanceof UpstreamResult.Denied denied) {
            record("federation.denied", null, alias, denied.error());
            response.sendRedirect(request.getContextPath() + "/login?idpDenied=" + alias);
            return;
        }
        if (result instanceof UpstreamResult.Failed failed) {
            failed(alias, failed.reason(), request, response);
            return;
        }
        UpstreamIdentity identity = ((UpstreamResult.Authenticated) result).identity();
        LinkOutcome outcome = this.linking.link(identity, idp);
        if (outcome instanceof LinkOutcome.Linked linked) {
            record(
                    "federation.signed-in",
                    linked.accountId().toString(),
                    alias,
                    linked.created() ? "created" : "linked");
            signIn(linked, identity, List.of("fed"), returnTo, request, response);
            return;
        }
        if (outcome instanceof LinkOutcome.NeedsFirstLogin) {
            String key = randomKey();
            this.state.put("link", key, toJson(identity));
            Cookie cookie = new Cookie(LINK_COOKIE, key);
            cookie.setHttpOnly(true);
            cookie.setPath(request.getContextPath() + "/federation");
            cookie.setSecure(request.isSecure());
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
            response.sendRedirect(request.getContextPath() + "/federation/link");
            return;
        }
        record("federation.refused", null, alias, ((LinkOutcome.Refused) outcome).reason());
        ErrorPages.forward(
                request,
                response,
                HttpStatus.BAD_REQUEST,
                "federation_refused",
                "The provincial identity provider sent identity data that cannot be accepted.");
    }

    /** A sign-in that could not be completed: audited, and the error page; no session. */
    public void failed(String alias, String reason, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        record("federation.failed", null, alias, reason);
        ErrorPages.forward(
                request,
                response,
                HttpStatus.BAD_GATEWAY,
                "federation_failed",
                "The sign-in at the provincial identity provider could not be completed.");
    }

    /** Signs the linked account in and remembers the upstream side of the session for logout. */
    public void signIn(
            LinkOutcome.Linked linked,
            UpstreamIdentity identity,
            List<String> amr,
            String returnTo,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        this.signIn.signIn(linked.accountId(), amr, linked.sessionLevel().acr(), "federation", request, response);
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso) {
            this.federatedSessions.remember(
                    sso.getSession().sid(),
                    new FederatedSessions.Upstream(
                            identity.idpAlias(),
                            identity.idToken(),
                            identity.subject(),
                            identity.upstreamSid(),
                            identity.samlNameId()));
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        String target = (saved != null)
                ? saved.getRedirectUrl()
                : (returnTo != null) ? returnTo : request.getContextPath() + "/signed-in";
        response.sendRedirect(target);
    }

    /** The upstream identity waiting for a first-login link in this browser, taken out when {@code consume}. */
    public Optional<UpstreamIdentity> pendingLink(HttpServletRequest request, boolean consume) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (LINK_COOKIE.equals(cookie.getName())) {
                Optional<String> stored = consume
                        ? this.state.take("link", cookie.getValue())
                        : this.state.peek("link", cookie.getValue());
                return stored.map(this::fromJson);
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

    /** Only what linking and logout need; the mapped attributes (ID number, phone) are not kept here. */
    private String toJson(UpstreamIdentity identity) {
        ObjectNode node = this.json.createObjectNode();
        node.put("idp", identity.idpAlias());
        node.put("sub", identity.subject());
        node.put("level", identity.assertedLevel().name());
        // a SAML sign-in has no ID token
        if (identity.idToken() != null) {
            node.put("idt", identity.idToken());
        }
        if (identity.upstreamSid() != null) {
            node.put("sid", identity.upstreamSid());
        }
        // a SAML logout names the principal as the IdP did
        SamlNameId nameId = identity.samlNameId();
        if (nameId != null) {
            node.put("nidf", nameId.format());
            node.put("nidq", nameId.nameQualifier());
            node.put("nidspq", nameId.spNameQualifier());
            node.put("nid", true);
        }
        return this.json.writeValueAsString(node);
    }

    private UpstreamIdentity fromJson(String value) {
        JsonNode node = this.json.readTree(value);
        String subject = node.get("sub").asString();
        SamlNameId nameId = node.hasNonNull("nid")
                ? new SamlNameId(subject, text(node, "nidf"), text(node, "nidq"), text(node, "nidspq"))
                : null;
        return new UpstreamIdentity(
                node.get("idp").asString(),
                subject,
                new HashMap<>(),
                AssuranceLevel.valueOf(node.get("level").asString()),
                text(node, "idt"),
                text(node, "sid"),
                nameId);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asString() : null;
    }

    private String randomKey() {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
