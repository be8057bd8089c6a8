package cn.yiwang.id.federation.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * {@code iat} is required and not in the future beyond the clock skew (OIDC Core §3.1.3.7 step 10: "can be used
 * to reject tokens that were issued too far away from the current time"); with a maximum age, not older than
 * that either, which bounds how long a captured logout token can be replayed.
 */
final class IssuedAtRule implements JwtRule {

    private final Duration maxAge;

    /**
     * Creates the rule.
     * @param maxAge the oldest {@code iat} accepted, or {@code null} for no bound on age
     */
    IssuedAtRule(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @Override
    public Optional<String> check(JwtClaimsCheck token) {
        Date iat = token.claims().getIssueTime();
        if (iat == null) {
            return Optional.of("missing-iat");
        }
        Instant issued = iat.toInstant();
        if (issued.isAfter(token.now().plus(token.clockSkew()))) {
            return Optional.of("issued-in-future");
        }
        if (this.maxAge != null
                && issued.isBefore(token.now().minus(this.maxAge).minus(token.clockSkew()))) {
            return Optional.of("too-old");
        }
        return Optional.empty();
    }
}
