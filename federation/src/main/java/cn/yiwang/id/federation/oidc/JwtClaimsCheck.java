package cn.yiwang.id.federation.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;

/**
 * An upstream JWT whose signature holds, and what its claims are checked against.
 *
 * @param claims the claims
 * @param algorithm the algorithm it was signed with
 * @param issuer the provider's issuer identifier
 * @param clientId our client id at the provider
 * @param now the current time
 * @param clockSkew the tolerance on times
 * @param expectedNonce the nonce sent with the authentication request, or {@code null} (logout tokens)
 * @param accessToken the access token issued with it, or {@code null}
 */
record JwtClaimsCheck(
        JWTClaimsSet claims,
        JWSAlgorithm algorithm,
        String issuer,
        String clientId,
        Instant now,
        Duration clockSkew,
        String expectedNonce,
        String accessToken) {

    /**
     * A string claim.
     * @param name the claim
     * @return its value, or {@code null} when absent, blank or not a string
     */
    String string(String name) {
        Object value = this.claims.getClaim(name);
        return (value instanceof String text && !text.isBlank()) ? text : null;
    }
}
