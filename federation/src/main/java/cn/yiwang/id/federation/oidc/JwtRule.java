package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * One rule an upstream JWT's claims must satisfy, once its signature has been verified. Each rule is a class of
 * its own, named after the claim it checks and citing the specification it comes from; the validators list the
 * rules they run ({@link IdTokenValidator}, {@link UpstreamLogoutTokenValidator}).
 */
@FunctionalInterface
interface JwtRule {

    /**
     * Checks the token.
     * @param token the verified token and what it is checked against
     * @return empty when the rule holds, else what is wrong ({@code wrong-issuer}), which the validator prefixes
     * with the kind of token
     */
    Optional<String> check(JwtClaimsCheck token);
}
