package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a logout token an upstream identity provider posts to our back-channel logout endpoint
 * (OpenID Connect Back-Channel Logout 1.0 §2.6): the signature against the provider's keys, then the claim rules
 * listed below, in order.
 *
 * <p>The endpoint is open to anyone, so everything here is checked before anything is ended; the refetch of the
 * provider's keys for an unknown {@code kid} is rate-limited ({@link UpstreamJwks}). {@code exp} is required (§2.4)
 * and each token's {@code jti} is remembered per issuer until then ({@link LogoutTokenReplays}): a replayed
 * sub-only token would otherwise end national sessions that began after it.
 */
public final class UpstreamLogoutTokenValidator {

    private static final Logger log = LoggerFactory.getLogger(UpstreamLogoutTokenValidator.class);

    private static final String KIND = "logout-token";

    // §2.4: explicitly typed as logout+jwt is RECOMMENDED; older providers send JWT or no typ
    private static final Set<String> TYPES = Set.of("logout+jwt", "jwt");

    private final UpstreamDiscovery discovery;

    private final UpstreamJwtVerifier verifier;

    private final RelyingPartyKey key;

    private final FederationOidcProperties properties;

    private final Clock clock;

    private final List<JwtRule> rules;

    private final LogoutTokenReplays replays;

    UpstreamLogoutTokenValidator(
            UpstreamDiscovery discovery,
            UpstreamJwks jwks,
            RelyingPartyKey key,
            FederationOidcProperties properties,
            LogoutTokenReplays replays,
            Clock clock) {
        this.discovery = discovery;
        this.replays = replays;
        this.verifier = new UpstreamJwtVerifier(jwks);
        this.key = key;
        this.properties = properties;
        this.clock = clock;
        this.rules = List.of(
                new IssuerRule(), // step 3: iss
                new AudienceRule(), // step 3: aud
                new IssuedAtRule(properties.logoutTokenMaxAge()), // step 3: iat
                new ExpiryRule(), // step 3: exp, REQUIRED (§2.4)
                new JwtIdRule(), // §2.4: jti REQUIRED
                new SubjectOrSessionRule(), // step 4
                new LogoutEventRule(), // step 5
                new NoNonceRule()); // step 6
    }

    /**
     * Validates a logout token.
     * @param idp the identity provider whose back-channel logout endpoint received it
     * @param logoutToken the {@code logout_token} form parameter
     * @return what to log out
     * @throws UpstreamLogoutTokenException when the token is refused
     */
    public UpstreamLogout validate(IdentityProvider idp, String logoutToken) {
        try {
            UpstreamLogout logout = check(idp, logoutToken);
            log.info("Back-channel logout from upstream {} accepted", idp.alias());
            return logout;
        } catch (UpstreamFailure failure) {
            log.warn("Back-channel logout token from upstream {} refused: {}", idp.alias(), failure.reason());
            throw new UpstreamLogoutTokenException(idp.alias(), failure.reason(), failure.isUnavailable());
        }
    }

    private UpstreamLogout check(IdentityProvider idp, String logoutToken) throws UpstreamFailure {
        Optional<String> problem = IdentityProviderCheck.problem(idp, this.key);
        if (problem.isPresent()) {
            throw UpstreamFailure.invalid(problem.get());
        }
        if (logoutToken == null || logoutToken.isEmpty()) {
            throw UpstreamFailure.invalid(KIND + "-missing");
        }
        UpstreamProviderMetadata metadata = this.discovery.fetch(idp);
        UpstreamJwtVerifier.Verified verified = this.verifier.verify(idp, metadata, logoutToken, KIND, TYPES);
        JwtClaimsCheck token = new JwtClaimsCheck(
                verified.claims(),
                verified.algorithm(),
                metadata.issuer(),
                idp.clientId(),
                this.clock.instant(),
                this.properties.clockSkew(),
                null,
                null);
        for (JwtRule rule : this.rules) {
            Optional<String> defect = rule.check(token);
            if (defect.isPresent()) {
                throw UpstreamFailure.invalid(KIND + "-" + defect.get());
            }
        }
        // Last, so only a token that passed every rule is remembered; the ExpiryRule guarantees exp.
        Duration ttl = Duration.between(
                        token.now(), token.claims().getExpirationTime().toInstant())
                .plus(this.properties.clockSkew());
        if (!this.replays.firstUse(metadata.issuer(), token.string("jti"), ttl)) {
            throw UpstreamFailure.invalid(KIND + "-replayed");
        }
        return new UpstreamLogout(idp.alias(), token.string("sub"), token.string("sid"));
    }
}
