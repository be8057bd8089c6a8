package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * A logout token MUST NOT contain {@code nonce} (Back-Channel Logout §2.6 step 6), so that it can never pass for an
 * ID token and an ID token can never pass for it.
 */
final class NoNonceRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return (token.claims().getClaim("nonce") == null) ? Optional.empty() : Optional.of("nonce-present");
    }
}
