package cn.yiwang.id.federation.oidc;

import java.util.Date;
import java.util.Optional;

/**
 * The current time MUST be before {@code exp}, with the clock skew allowed (OIDC Core §3.1.3.7 step 9).
 * Required in ID tokens and, since Back-Channel Logout 1.0 §2.4 makes it REQUIRED there too, in logout tokens
 * (validated as for ID tokens, §2.6 step 3).
 */
final class ExpiryRule implements JwtRule {

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Date exp = token.claims().getExpirationTime();
        if (exp == null) {
            return Optional.of("missing-exp");
        }
        return token.now().isBefore(exp.toInstant().plus(token.clockSkew()))
                ? Optional.empty()
                : Optional.of("expired");
    }
}
