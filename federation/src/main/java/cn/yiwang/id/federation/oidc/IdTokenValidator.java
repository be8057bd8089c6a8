package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Validates an upstream ID token (OIDC Core §3.1.3.7): the signature first, against the provider's keys, then the
 * claims, rule by rule in the order of the list below. The first rule that fails names the failure
 * ({@code id-token-wrong-issuer}).
 */
final class IdTokenValidator {

    private static final String KIND = "id-token";

    // explicit typing is rare for ID tokens; "logout+jwt" or "at+jwt" must never be taken for one
    private static final Set<String> TYPES = Set.of("jwt");

    private static final List<JwtRule> RULES = List.of(
            new IssuerRule(), // step 2
            new AudienceRule(), // step 3
            new AuthorizedPartyRule(), // steps 4 and 5
            new ExpiryRule(), // step 9
            new IssuedAtRule(null), // step 10
            new NonceRule(), // step 11
            new SubjectRule(), // §2: sub REQUIRED
            new AccessTokenHashRule()); // §3.1.3.8

    private final UpstreamJwtVerifier verifier;

    private final FederationOidcProperties properties;

    private final Clock clock;

    IdTokenValidator(UpstreamJwtVerifier verifier, FederationOidcProperties properties, Clock clock) {
        this.verifier = verifier;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Validates an ID token from the token endpoint.
     * @param idp the identity provider
     * @param metadata its metadata
     * @param idToken the ID token
     * @param nonce the nonce of the pending login
     * @param accessToken the access token that came with it
     * @return the validated claims
     * @throws UpstreamFailure the first defect found, or a failure to fetch the keys
     */
    JwtClaimsCheck validate(
            IdentityProvider idp, UpstreamProviderMetadata metadata, String idToken, String nonce, String accessToken)
            throws UpstreamFailure {
        UpstreamJwtVerifier.Verified verified = this.verifier.verify(idp, metadata, idToken, KIND, TYPES);
        JwtClaimsCheck token = new JwtClaimsCheck(
                verified.claims(),
                verified.algorithm(),
                metadata.issuer(),
                idp.clientId(),
                this.clock.instant(),
                this.properties.clockSkew(),
                nonce,
                accessToken);
        for (JwtRule rule : RULES) {
            var defect = rule.check(token);
            if (defect.isPresent()) {
                throw UpstreamFailure.invalid(KIND + "-" + defect.get());
            }
        }
        return token;
    }
}
