package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * {@code aud} MUST contain our client id (OIDC Core §3.1.3.7 step 3; Back-Channel Logout §2.6 step 3).
 */
final class AudienceRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return token.claims().getAudience().contains(token.clientId())
                ? Optional.empty()
                : Optional.of("wrong-audience");
    }
}
