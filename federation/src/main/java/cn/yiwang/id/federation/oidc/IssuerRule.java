package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * {@code iss} MUST exactly match the provider's issuer identifier (OIDC Core §3.1.3.7 step 2; Back-Channel
 * Logout §2.6 step 3).
 */
final class IssuerRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return token.issuer().equals(token.string("iss")) ? Optional.empty() : Optional.of("wrong-issuer");
    }
}
