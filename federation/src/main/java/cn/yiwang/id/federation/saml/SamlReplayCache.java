package cn.yiwang.id.federation.saml;

import java.time.Duration;

/** Remembers which assertions have been used, for as long as they could be replayed. */
public interface SamlReplayCache {

    /**
     * Records an assertion's use, atomically.
     * @param issuer the IdP's entity ID (IDs are unique per issuer only)
     * @param assertionId the assertion's ID
     * @param ttl how long to remember it: until the assertion expires
     * @return {@code true} when this is its first use, {@code false} when it was used before
     */
    boolean firstUse(String issuer, String assertionId, Duration ttl);
}
