package cn.yiwang.id.server.federation;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.oidc.UpstreamEndSession;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.server.config.YiwangServerProperties;
import cn.yiwang.id.server.session.FederatedSessions;

import org.springframework.stereotype.Component;

/**
 * Logging out nationally also ends the upstream session where the provincial IdP supports
 * RP-Initiated Logout: the browser goes there with our {@code id_token_hint}, comes back to
 * {@code /federation/logged-out}, and only then reaches where the logout was meant to end.
 */
@Component
public final class UpstreamLogoutRedirect {

    private final FederatedSessions federatedSessions;
    private final IdentityProviderRegistry registry;
    private final UpstreamEndSession endSession;
    private final FederationStateStore state;
    private final YiwangServerProperties server;
    private final SecureRandom random = new SecureRandom();

    public UpstreamLogoutRedirect(FederatedSessions federatedSessions, IdentityProviderRegistry registry,
            UpstreamEndSession endSession, FederationStateStore state, YiwangServerProperties server) {
        this.federatedSessions = federatedSessions;
        this.registry = registry;
        this.endSession = endSession;
        this.state = state;
        this.server = server;
    }

    /**
     * Prepares the upstream leg of a logout of session {@code sid}, before the session is ended.
     * @return the upstream logout URL to send the browser to, when the session came from an IdP that has one
     */
    public Optional<String> prepare(String sid, String finalTarget) {
        return this.federatedSessions.upstreamOf(sid).flatMap((upstream) -> {
            this.federatedSessions.forget(sid);
            // RP-Initiated Logout is OIDC; a SAML province's session is left to its own expiry for now
            return this.registry.findEnabled(upstream.idpAlias())
                .filter((idp) -> idp.protocol() == IdentityProvider.Protocol.OIDC)
                .flatMap((idp) -> {
                    String key = randomKey();
                    this.state.put("logout", key, finalTarget);
                    return this.endSession.logoutUri(idp, upstream.idToken(),
                            this.server.issuerString() + "/federation/logged-out", key);
                })
                .map(Object::toString);
        });
    }

    /** Where the logout was meant to end, once the upstream sends the browser back. */
    public String finalTarget(String stateKey) {
        return this.state.take("logout", stateKey).orElse("/logged-out");
    }

    private String randomKey() {
        byte[] bytes = new byte[18];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
