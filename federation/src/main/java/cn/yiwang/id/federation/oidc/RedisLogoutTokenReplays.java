package cn.yiwang.id.federation.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Used logout token {@code jti}s in Redis, shared by every node: {@code SET key 1 NX PX ttl} on
 * {@code yid:fed:oidc:logout-jti:} + SHA-256 of issuer and {@code jti} (fixed length, whatever the provider's IDs
 * look like), so exactly one node accepts a given token.
 */
public final class RedisLogoutTokenReplays implements LogoutTokenReplays {

    /** The prefix of these keys, in the federation module's namespace. */
    public static final String PREFIX = "yid:fed:oidc:logout-jti:";

    private final StringRedisTemplate redis;

    public RedisLogoutTokenReplays(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Duration ttl) {
        Duration remembered = ttl.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : ttl;
        return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(issuer, jti), "1", remembered));
    }

    static String key(String issuer, String jti) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + jti).getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }
}
