package cn.yiwang.id.federation.saml;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A replay cache for unit tests, recording what it was asked; Redis is tested in its own integration test. */
final class InMemoryReplayCache implements SamlReplayCache {

    final Map<String, Duration> used = new HashMap<>();

    @Override
    public synchronized boolean firstUse(String issuer, String assertionId, Duration ttl) {
        return this.used.putIfAbsent(issuer + "\n" + assertionId, ttl) == null;
    }
}
