package cn.yiwang.id.federation.oidc;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Logout token replays for unit tests, recording what was remembered and for how long. */
final class InMemoryLogoutTokenReplays implements LogoutTokenReplays {

    final Map<String, Duration> used = new HashMap<>();

    @Override
    public synchronized boolean firstUse(String issuer, String jti, Duration ttl) {
        return this.used.putIfAbsent(issuer + "\n" + jti, ttl) == null;
    }
}
