package cn.yiwang.id.server.federation;

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

    private final StringRedisTemplate redis;

    public FederationStateStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public void put(String kind, String key, String value) {
        this.redis.opsForValue().set("yid:fed:" + kind + ":" + key, value, TTL);
    }

    /** Reads and deletes in one step, so a value is used at most once. */
    public Optional<String> take(String kind, String key) {
        if (key == null || key.isEmpty() || key.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(this.redis.opsForValue().getAndDelete("yid:fed:" + kind + ":" + key));
    }

    public Optional<String> peek(String kind, String key) {
        if (key == null || key.isEmpty() || key.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(this.redis.opsForValue().get("yid:fed:" + kind + ":" + key));
    }
}
