package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a sign-in at an upstream identity provider: an authorization code request (OIDC Core §3.1.2.1) with a
 * fresh {@code state}, {@code nonce} and PKCE S256 challenge (RFC 7636), and the pending login to keep until the
 * browser comes back to {@link UpstreamCallback}.
 */
public final class UpstreamAuthorization {

    private static final Logger log = LoggerFactory.getLogger(UpstreamAuthorization.class);

    private final UpstreamDiscovery discovery;

    private final UpstreamHttp http;

    private final RelyingPartyKey key;

    private final FederationMetrics metrics;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    UpstreamAuthorization(
            UpstreamDiscovery discovery,
            UpstreamHttp http,
            RelyingPartyKey key,
            FederationMetrics metrics,
            Clock clock) {
        this.discovery = discovery;
        this.http = http;
        this.key = key;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Whether the login page should offer this provider now.
     * @param alias the identity provider
     * @return {@code false} while calls to it are refused (its circuit is open): "this province's login is down
     * right now"
     */
    public boolean isAvailable(String alias) {
        return this.http.isAvailable(alias);
    }

    /**
     * Starts a sign-in.
     * @param idp the identity provider
     * @param redirectUri our callback, as registered at the provider
     * @return the pending login to store and the URL to send the browser to
     * @throws UpstreamUnavailableException when the provider's circuit is open or its discovery document cannot be
     * had: the citizen should be offered another way in
     * @throws IllegalArgumentException when the redirect URI is not absolute
     * @throws IllegalStateException when the provider's configuration does not allow a sign-in (disabled, no
     * secret, {@code private_key_jwt} without our key …)
     */
    public UpstreamAuthorizationRequest begin(IdentityProvider idp, String redirectUri) {
        URI redirect = URI.create(redirectUri);
        if (!redirect.isAbsolute() || redirect.getRawFragment() != null) {
            throw new IllegalArgumentException("redirectUri must be absolute, without a fragment");
        }
        IdentityProviderCheck.problem(idp, this.key).ifPresent((problem) -> {
            throw new IllegalStateException("Identity provider " + idp.alias() + " cannot be used: " + problem);
        });
        this.metrics.attempt(idp.alias());
        UpstreamProviderMetadata metadata;
        try {
            // refused before anything else: no citizen is sent to a province that is down
            if (!this.http.isAvailable(idp.alias())) {
                throw UpstreamFailure.unavailable("upstream-unavailable");
            }
            metadata = this.discovery.fetch(idp);
        } catch (UpstreamFailure failure) {
            this.metrics.outcome(idp.alias(), FederationMetrics.Outcome.UNAVAILABLE);
            log.warn("Upstream login via {} not started: {}", idp.alias(), failure.reason());
            throw new UpstreamUnavailableException(idp.alias(), failure.reason());
        }
        // seconds are enough, and the record then reads back from its JSON unchanged
        Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
        PendingUpstreamLogin pending =
                new PendingUpstreamLogin(randomToken(), randomToken(), randomToken(), idp.alias(), now);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", idp.clientId());
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", scope(idp.scopes()));
        parameters.put("state", pending.state());
        parameters.put("nonce", pending.nonce());
        parameters.put("code_challenge", challenge(pending.codeVerifier()));
        parameters.put("code_challenge_method", "S256");
        return new UpstreamAuthorizationRequest(
                pending, UpstreamEndpoints.withQuery(metadata.authorizationEndpoint(), parameters));
    }

    /**
     * The PKCE S256 challenge of a verifier (RFC 7636 §4.2).
     * @param verifier the code verifier
     * @return {@code BASE64URL(SHA256(ASCII(verifier)))}
     */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }

    private static String scope(List<String> scopes) {
        // openid (REQUIRED) first, whatever the configuration lists
        List<String> all = new ArrayList<>();
        all.add("openid");
        scopes.stream()
                .filter((scope) -> !"openid".equals(scope) && !scope.isBlank())
                .distinct()
                .forEach(all::add);
        return String.join(" ", all);
    }

    private String randomToken() {
        // 256 bits; as a PKCE verifier, 43 characters of the unreserved set (RFC 7636 §4.1)
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
