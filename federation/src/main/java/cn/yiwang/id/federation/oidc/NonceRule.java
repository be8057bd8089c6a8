package cn.yiwang.id.federation.oidc;

import java.util.Optional;

/**
 * {@code nonce} MUST equal the nonce sent in the authentication request (OIDC Core §3.1.3.7 step 11), which ties
 * the ID token to this browser's login and defeats replay of a token issued for another.
 */
final class NonceRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        return ConstantTime.equal(token.expectedNonce(), token.string("nonce"))
                ? Optional.empty()
                : Optional.of("nonce-mismatch");
    }
}
