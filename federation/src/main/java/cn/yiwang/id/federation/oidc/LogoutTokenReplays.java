package cn.yiwang.id.federation.oidc;

import java.time.Duration;

/**
 * Remembers the {@code jti} of each upstream logout token until the token expires, so a replayed token is refused
 * (Back-Channel Logout 1.0 §2.6 step 7 lets a receiver do so; a sub-only token replayed within its lifetime would
 * otherwise end national sessions that began after it).
 */
public interface LogoutTokenReplays {

    /**
     * Records a logout token's use, atomically across nodes.
     * @param issuer the provider's issuer identifier ({@code jti} values are unique per issuer only)
     * @param jti the token's {@code jti}
     * @param ttl how long to remember it: until the token expires, with the clock skew
     * @return {@code true} when this is its first use, {@code false} when it was used before
     */
    boolean firstUse(String issuer, String jti, Duration ttl);
}
