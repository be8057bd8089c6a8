package cn.yiwang.id.federation.oidc;

import java.util.Date;
import java.util.Optional;

/**
 * The current time MUST be before {@code exp}, with the clock skew allowed (OIDC Core §3.1.3.7 step 9).
 * Required in ID tokens; a logout token's {@code exp} is checked when present, since providers built before
 * Back-Channel Logout 1.0 was final leave it out.
 */
final class ExpiryRule implements JwtRule {

    private final boolean required;

    ExpiryRule(boolean required) {
        this.required = required;
    }

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Date exp = token.claims().getExpirationTime();
        if (exp == null) {
            return this.required ? Optional.of("missing-exp") : Optional.empty();
        }
        return token.now().isBefore(exp.toInstant().plus(token.clockSkew()))
                ? Optional.empty()
                : Optional.of("expired");
    }
}
