package cn.yiwang.id.server.federation;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.UpstreamEndSession;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.SamlInboundMessage;
import cn.yiwang.id.federation.saml.SamlLogoutException;
import cn.yiwang.id.federation.saml.SamlOutboundMessage;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.federation.saml.SamlSingleLogout;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.config.YiwangServerProperties;
import cn.yiwang.id.server.session.FederatedSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logging out nationally also ends the upstream session where the provincial IdP supports it. An
 * OIDC province gets RP-Initiated Logout: the browser goes there with our {@code id_token_hint},
 * comes back to {@code /federation/logged-out}. A SAML province gets our signed LogoutRequest at its
 * single logout service, and its LogoutResponse comes back to our SP's single logout service
 * ({@link SamlSingleLogoutController}), which checks it. Only then does the browser reach where the
 * logout was meant to end. A province with neither is left to end its session on its own.
 */
@Component
public final class UpstreamLogoutRedirect {

    private static final Logger log = LoggerFactory.getLogger(UpstreamLogoutRedirect.class);

    /** Our LogoutRequest waiting for the province's LogoutResponse, keyed by its relay state. */
    static final String SAML_LOGOUT = "saml-logout";

    private final FederatedSessions federatedSessions;
    private final IdentityProviderRegistry registry;
    private final UpstreamEndSession endSession;
    private final SamlSingleLogout samlLogout;
    private final SamlOutboundPages pages;
    private final FederationStateStore state;
    private final AuditLog audit;
    private final JsonMapper json;
    private final YiwangServerProperties server;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public UpstreamLogoutRedirect(
            FederatedSessions federatedSessions,
            IdentityProviderRegistry registry,
            UpstreamEndSession endSession,
            SamlSingleLogout samlLogout,
            SamlOutboundPages pages,
            FederationStateStore state,
            AuditLog audit,
            JsonMapper json,
            YiwangServerProperties server,
            Clock clock) {
        this.federatedSessions = federatedSessions;
        this.registry = registry;
        this.endSession = endSession;
        this.samlLogout = samlLogout;
        this.pages = pages;
        this.state = state;
        this.audit = audit;
        this.json = json;
        this.server = server;
        this.clock = clock;
    }

    /**
     * Prepares the upstream leg of a logout of session {@code sid}, before the session is ended.
     * @return the upstream logout URL to send the browser to, when the session came from an IdP that has one
     */
    public Optional<String> prepare(String sid, String finalTarget) {
        return this.federatedSessions.upstreamOf(sid).flatMap((upstream) -> {
            this.federatedSessions.forget(sid);
            return this.registry.findEnabled(upstream.idpAlias()).flatMap((idp) -> {
                String key = randomKey();
                if (idp.protocol() == IdentityProvider.Protocol.SAML) {
                    return samlLogout(idp, upstream, key, finalTarget);
                }
                this.state.put("logout", key, finalTarget);
                return this.endSession
                        .logoutUri(idp, upstream.idToken(), this.server.issuerString() + "/federation/logged-out", key)
                        .map(Object::toString);
            });
        });
    }

    /** Where the logout was meant to end, once the upstream sends the browser back. */
    public String finalTarget(String stateKey) {
        return this.state.take("logout", stateKey).orElse("/logged-out");
    }

    /**
     * Where the logout was meant to end, once a SAML province answered our LogoutRequest. The answer
     * is checked (signature with the province's metadata keys, our request's ID, issuer, destination,
     * status) and audited; the citizen is signed out here either way, so the browser goes on.
     * @param message the LogoutResponse as it arrived
     * @return the final target, or {@code /logged-out} when the relay state names no logout of ours
     */
    public String finalTarget(SamlInboundMessage message) {
        Optional<JsonNode> pending =
                this.state.take(SAML_LOGOUT, message.relayState()).map(this.json::readTree);
        if (pending.isEmpty()) {
            record("federation.slo.failed", "unknown", null, "saml-unknown-relay-state");
            return "/logged-out";
        }
        String alias = pending.get().get("idp").asString();
        String target = pending.get().get("target").asString();
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        if (idp.isEmpty()) {
            record("federation.slo.failed", alias, null, "idp-disabled");
            return target;
        }
        try {
            this.samlLogout.checkLogoutResponse(
                    idp.get(), serviceProvider(), pending.get().get("req").asString(), message);
            record("federation.slo", alias, "success", "province-logged-out");
        } catch (SamlLogoutException ex) {
            log.warn("SAML LogoutResponse from {} not accepted: {}", alias, ex.reason());
            record("federation.slo.failed", alias, null, ex.reason());
        }
        return target;
    }

    private Optional<String> samlLogout(
            IdentityProvider idp, FederatedSessions.Upstream upstream, String key, String finalTarget) {
        if (upstream.samlNameId() == null) {
            return Optional.empty();
        }
        Optional<SamlOutboundMessage> request = this.samlLogout.logoutRequest(
                idp, serviceProvider(), upstream.samlNameId(), upstream.upstreamSid(), key);
        request.ifPresent((message) -> this.state.put(
                SAML_LOGOUT,
                key,
                this.json.writeValueAsString(this.json
                        .createObjectNode()
                        .put("idp", idp.alias())
                        .put("req", message.id())
                        .put("target", finalTarget))));
        return request.map((message) ->
                message.isRedirect() ? message.redirectUri().toString() : this.pages.put(message.postForm()));
    }

    private void record(String type, String alias, String outcome, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "idp:" + alias,
                null,
                null,
                null,
                (outcome != null) ? outcome : "failure",
                detail));
    }

    private SamlServiceProvider serviceProvider() {
        return SamlServiceProvider.forIssuer(this.server.issuerString());
    }

    private String randomKey() {
        byte[] bytes = new byte[18];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
