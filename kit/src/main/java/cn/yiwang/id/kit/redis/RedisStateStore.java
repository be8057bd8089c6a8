package cn.yiwang.id.kit.redis;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/**
 * Short-lived state in Redis under {@code <prefix>:<kind>:<key>}, always with a TTL, so any node can carry on
 * where another began: a value under a new random key (192 bits) the browser carries, or under a key the caller
 * chose (an OAuth {@code state}); read, read once ({@link #take}), or replaced keeping its TTL.
 *
 * <p>Keys come from the outside (a query parameter, a cookie): an empty or over-long key finds nothing, so it
 * never reaches Redis.
 */
public final class RedisStateStore {

    private final StringRedisTemplate redis;

    private final String prefix;

    private final int maxKeyLength;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param prefix the owner's key prefix, such as {@code yid:saml} (a constant, never input)
     * @param maxKeyLength the longest key a caller may name
     */
    public RedisStateStore(StringRedisTemplate redis, String prefix, int maxKeyLength) {
        this.redis = redis;
        this.prefix = prefix;
        this.maxKeyLength = maxKeyLength;
    }

    /** Stores the value under a new random key and returns the key. */
    public String put(String kind, String value, Duration ttl) {
        String key = newKey();
        put(kind, key, value, ttl);
        return key;
    }

    /** A new random key (192 bits, URL-safe), for a caller that must name it before it stores the value. */
    public String newKey() {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stores the value under the caller's key. */
    public void put(String kind, String key, String value, Duration ttl) {
        this.redis.opsForValue().set(name(kind, key), value, ttl);
    }

    public Optional<String> peek(String kind, String key) {
        return valid(key) ? Optional.ofNullable(this.redis.opsForValue().get(name(kind, key))) : Optional.empty();
    }

    /** Reads and deletes in one step, so a value is used at most once. */
    public Optional<String> take(String kind, String key) {
        return valid(key)
                ? Optional.ofNullable(this.redis.opsForValue().getAndDelete(name(kind, key)))
                : Optional.empty();
    }

    /** Replaces a value that still lives, keeping its TTL; a value gone meanwhile stays gone. */
    public void replace(String kind, String key, String value) {
        if (!valid(key)) {
            return;
        }
        byte[] name = name(kind, key).getBytes(StandardCharsets.UTF_8);
        this.redis.execute((RedisCallback<Boolean>) (connection) -> connection
                .stringCommands()
                .set(
                        name,
                        value.getBytes(StandardCharsets.UTF_8),
                        Expiration.keepTtl(),
                        RedisStringCommands.SetOption.ifPresent()));
    }

    public void remove(String kind, String key) {
        if (valid(key)) {
            this.redis.delete(name(kind, key));
        }
    }

    private boolean valid(String key) {
        return key != null && !key.isEmpty() && key.length() <= this.maxKeyLength;
    }

    private String name(String kind, String key) {
        return this.prefix + ":" + kind + ":" + key;
    }
}
