package cn.yiwang.id.federation.signin;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.oidc.UpstreamEndSession;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.SamlInboundMessage;
import cn.yiwang.id.federation.saml.SamlLogoutException;
import cn.yiwang.id.federation.saml.SamlOutboundMessage;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.federation.saml.SamlSingleLogout;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upstream leg of a national logout. An OIDC province gets RP-Initiated Logout: the browser goes there with
 * our {@code id_token_hint} and comes back to {@code /federation/logged-out}. A SAML province gets our signed
 * LogoutRequest at its single logout service (redirected, or posted by a page of ours), and its LogoutResponse
 * comes back to our SP's single logout service, where {@link #finishSaml} checks it. Only then does the browser
 * reach where the logout was meant to end. A province with neither is left to end its session on its own.
 *
 * <p>What waits in between is ours, in Redis ({@code yid:fed:*}, {@link FederationState}).
 */
@Service
public final class UpstreamLogouts {

    /** Where a stored page that posts a LogoutRequest is served, once. */
    public static final String SEND_PATH = SamlServiceProvider.SLO_PATH + "/send";

    /** Where an OIDC province sends the browser back after logging out. */
    public static final String LOGGED_OUT_PATH = "/federation/logged-out";

    private static final Logger log = LoggerFactory.getLogger(UpstreamLogouts.class);

    private static final String OIDC_LOGOUT = "logout";

    /** Our LogoutRequest waiting for the province's LogoutResponse, keyed by its relay state. */
    private static final String SAML_LOGOUT = "saml-logout";

    private static final String SAML_SEND = "saml-send";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FederatedSessions federatedSessions;

    private final IdentityProviderRegistry registry;

    private final UpstreamEndSession endSession;

    private final SamlSingleLogout samlLogout;

    private final FederationState state;

    UpstreamLogouts(
            FederatedSessions federatedSessions,
            IdentityProviderRegistry registry,
            UpstreamEndSession endSession,
            SamlSingleLogout samlLogout,
            FederationState state) {
        this.federatedSessions = federatedSessions;
        this.registry = registry;
        this.endSession = endSession;
        this.samlLogout = samlLogout;
        this.state = state;
    }

    /**
     * How a SAML province's LogoutResponse was taken, for the browser and the audit log.
     *
     * @param target where the browser goes on
     * @param idpAlias the province, or {@code unknown}
     * @param succeeded whether the province confirmed the logout
     * @param detail the audit detail: {@code province-logged-out} or why not
     */
    public record SamlLogoutEnd(String target, String idpAlias, boolean succeeded, String detail) {}

    /**
     * Prepares the upstream leg of a logout of national session {@code sid}, before the session is ended; the
     * session's upstream side is forgotten.
     * @param issuer our issuer, which our logout endpoints hang off
     * @return the upstream logout URL to send the browser to, when the session came from an IdP that has one
     */
    public Optional<String> begin(String sid, String finalTarget, String issuer) {
        return this.federatedSessions.upstreamOf(sid).flatMap((upstream) -> {
            this.federatedSessions.forget(sid);
            return this.registry.findEnabled(upstream.idpAlias()).flatMap((idp) -> {
                if (idp.protocol() == IdentityProvider.Protocol.SAML) {
                    return samlLogout(idp, upstream, finalTarget, issuer);
                }
                String key = this.state.put(OIDC_LOGOUT, finalTarget);
                return this.endSession
                        .logoutUri(idp, upstream.idToken(), issuer + LOGGED_OUT_PATH, key)
                        .map(Object::toString);
            });
        });
    }

    /**
     * The national sessions that came from an upstream session, for a province's back-channel logout.
     * @param upstreamSubject the upstream subject, or null
     * @param upstreamSid the upstream session id, or null
     */
    public Set<String> nationalSessions(String idpAlias, String upstreamSubject, String upstreamSid) {
        return this.federatedSessions.nationalSessions(idpAlias, upstreamSubject, upstreamSid);
    }

    /** The national sessions that came from the upstream sessions a SAML LogoutRequest names. */
    public Set<String> nationalSessions(String idpAlias, SamlNameId nameId, List<String> sessionIndexes) {
        return this.federatedSessions.nationalSessions(idpAlias, nameId, sessionIndexes);
    }

    /** Forgets the upstream side of a national session that ended because its upstream session did. */
    public void forget(String sid) {
        this.federatedSessions.forget(sid);
    }

    /** Where the logout was meant to end, once an OIDC province sends the browser back. */
    public String finalTarget(String stateKey) {
        return this.state.take(OIDC_LOGOUT, stateKey).orElse("/logged-out");
    }

    /**
     * Where the logout was meant to end, once a SAML province answered our LogoutRequest. The answer is checked
     * (signature with the province's metadata keys, our request's ID, issuer, destination, status); the citizen
     * is signed out here either way, so the browser goes on.
     * @param message the LogoutResponse as it arrived
     * @return the final target ({@code /logged-out} when the relay state names no logout of ours) and the outcome
     */
    public SamlLogoutEnd finishSaml(SamlInboundMessage message, String issuer) {
        Optional<JsonNode> pending =
                this.state.take(SAML_LOGOUT, message.relayState()).map(JSON::readTree);
        if (pending.isEmpty()) {
            return new SamlLogoutEnd("/logged-out", "unknown", false, "saml-unknown-relay-state");
        }
        String alias = pending.get().get("idp").asString();
        String target = pending.get().get("target").asString();
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        if (idp.isEmpty()) {
            return new SamlLogoutEnd(target, alias, false, "idp-disabled");
        }
        try {
            this.samlLogout.checkLogoutResponse(
                    idp.get(),
                    SamlServiceProvider.forIssuer(issuer),
                    pending.get().get("req").asString(),
                    message);
            return new SamlLogoutEnd(target, alias, true, "province-logged-out");
        } catch (SamlLogoutException ex) {
            log.warn("SAML LogoutResponse from {} not accepted: {}", alias, ex.reason());
            return new SamlLogoutEnd(target, alias, false, ex.reason());
        }
    }

    /**
     * Stores a page that posts a SAML message (a LogoutRequest or LogoutResponse to a province) for the browser
     * to load once.
     * @return the URL that serves it
     */
    public String storePage(String postForm, String issuer) {
        return issuer + SEND_PATH + "?k=" + this.state.put(SAML_SEND, postForm);
    }

    /** The stored page, taken out. */
    public Optional<String> takePage(String key) {
        return this.state.take(SAML_SEND, key);
    }

    private Optional<String> samlLogout(
            IdentityProvider idp, UpstreamSession upstream, String finalTarget, String issuer) {
        if (upstream.samlNameId() == null) {
            return Optional.empty();
        }
        // the relay state is the key our LogoutRequest waits under
        String key = this.state.newKey();
        Optional<SamlOutboundMessage> request = this.samlLogout.logoutRequest(
                idp, SamlServiceProvider.forIssuer(issuer), upstream.samlNameId(), upstream.upstreamSid(), key);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        SamlOutboundMessage message = request.get();
        this.state.put(
                SAML_LOGOUT,
                key,
                JSON.writeValueAsString(JSON.createObjectNode()
                        .put("idp", idp.alias())
                        .put("req", message.id())
                        .put("target", finalTarget)));
        return Optional.of(
                message.isRedirect() ? message.redirectUri().toString() : storePage(message.postForm(), issuer));
    }
}
