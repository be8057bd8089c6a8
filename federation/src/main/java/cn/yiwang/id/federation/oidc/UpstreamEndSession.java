package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the logout request to an upstream identity provider (OpenID Connect RP-Initiated Logout 1.0 §2), so that
 * logging out of Yiwang ID also ends the session at the province the citizen came from.
 */
public final class UpstreamEndSession {

    private static final Logger log = LoggerFactory.getLogger(UpstreamEndSession.class);

    private final UpstreamDiscovery discovery;

    UpstreamEndSession(UpstreamDiscovery discovery) {
        this.discovery = discovery;
    }

    /**
     * The URL to send the browser to, to log out at the upstream.
     * @param idp the identity provider the session came from
     * @param idTokenHint the upstream ID token of the session ({@link UpstreamIdentity#idToken()}), or {@code null}
     * @param postLogoutRedirectUri where the upstream should send the browser back, registered there; or {@code null}
     * @param state our state for that return, or {@code null}
     * @return the logout URL; empty when the provider has no {@code end_session_endpoint}, or its discovery document
     * cannot be had now (the local logout goes on regardless, and sending the browser to a province that is down
     * would strand it there)
     */
    public Optional<URI> logoutUri(
            IdentityProvider idp, String idTokenHint, String postLogoutRedirectUri, String state) {
        UpstreamProviderMetadata metadata;
        try {
            metadata = this.discovery.fetch(idp);
        } catch (UpstreamFailure failure) {
            log.warn("No upstream logout at {}: {}", idp.alias(), failure.reason());
            return Optional.empty();
        }
        if (metadata.endSessionEndpoint() == null) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("id_token_hint", idTokenHint); // RECOMMENDED
        // client_id lets the provider find the registered post_logout_redirect_uri without (or beside) the hint
        parameters.put("client_id", idp.clientId());
        parameters.put("post_logout_redirect_uri", postLogoutRedirectUri);
        parameters.put("state", (postLogoutRedirectUri != null) ? state : null);
        return Optional.of(UpstreamEndpoints.withQuery(metadata.endSessionEndpoint(), parameters));
    }
}
