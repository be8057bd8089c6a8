package cn.yiwang.id.server.federation;

import cn.yiwang.id.kit.redis.RedisStateStore;
import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Short-lived federation state in Redis, single use: the pending upstream login (keyed by its
 * {@code state}), the upstream identity waiting for a first-login link, and where an upstream
 * logout should land afterwards.
 */
@Component
public final class FederationStateStore {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final RedisStateStore store;

    public FederationStateStore(StringRedisTemplate redis) {
        this.store = new RedisStateStore(redis, "yid:fed", 200);
    }

    public void put(String kind, String key, String value) {
        this.store.put(kind, key, value, TTL);
    }

    /** Reads and deletes in one step, so a value is used at most once. */
    public Optional<String> take(String kind, String key) {
        return this.store.take(kind, key);
    }

    public Optional<String> peek(String kind, String key) {
        return this.store.peek(kind, key);
    }
}
