package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/** A logout token's {@code jti} is REQUIRED (Back-Channel Logout §2.4). */
final class JwtIdRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return (token.string("jti") != null) ? Optional.empty() : Optional.of("missing-jti");
    }
}
