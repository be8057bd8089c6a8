package cn.yiwang.id.federation.signin;

import cn.yiwang.id.kit.redis.RedisStateStore;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Short-lived federation state in Redis, {@code yid:fed:<kind>:<key>}, ten minutes, single use: pending
 * upstream logins, identities waiting for a first-login link, upstream logouts under way and the pages that
 * post them. Only this package reads and writes it; the auth-server asks {@link FederatedSignIn} and
 * {@link UpstreamLogouts}.
 */
@Component
final class FederationState {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final RedisStateStore store;

    FederationState(StringRedisTemplate redis) {
        this.store = new RedisStateStore(redis, "yid:fed", 200);
    }

    /** Stores under a new random key, which it returns. */
    String put(String kind, String value) {
        return this.store.put(kind, value, TTL);
    }

    /** A new random key, for a value stored once what it names is known. */
    String newKey() {
        return this.store.newKey();
    }

    void put(String kind, String key, String value) {
        this.store.put(kind, key, value, TTL);
    }

    /** Reads and deletes in one step, so a value is used at most once. */
    Optional<String> take(String kind, String key) {
        return this.store.take(kind, key);
    }

    Optional<String> peek(String kind, String key) {
        return this.store.peek(kind, key);
    }
}
