package cn.yiwang.id.server.saml;

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
 * The SAML IdP's short-lived state in Redis, {@code yid:saml:<kind>:<key>}: each value under a random
 * key the browser carries (192 bits), always with a TTL, so any node can carry on where another began.
 */
public final class SamlStateStore {

    private static final int MAX_KEY_LENGTH = 64;

    private final StringRedisTemplate redis;
    private final SecureRandom random = new SecureRandom();

    public SamlStateStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Stores the value under a new random key and returns the key. */
    public String put(String kind, String value, Duration ttl) {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        this.redis.opsForValue().set(name(kind, key), value, ttl);
        return key;
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

    /** Replaces a value that still lives, keeping its TTL. */
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

    private static boolean valid(String key) {
        return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    }

    private static String name(String kind, String key) {
        return "yid:saml:" + kind + ":" + key;
    }
}
