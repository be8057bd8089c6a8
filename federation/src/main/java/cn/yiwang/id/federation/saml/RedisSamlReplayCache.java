package cn.yiwang.id.federation.saml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The replay cache in Redis, shared by every node: {@code SET key 1 NX PX ttl} on
 * {@code yid:fed:saml:replay:} + SHA-256 of issuer and assertion ID (fixed length, whatever the IdP's IDs look
 * like), so exactly one node accepts a given assertion.
 */
public final class RedisSamlReplayCache implements SamlReplayCache {

    /** The prefix of this cache's keys, in the federation module's namespace. */
    public static final String PREFIX = "yid:fed:saml:replay:";

    private final StringRedisTemplate redis;

    public RedisSamlReplayCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public boolean firstUse(String issuer, String assertionId, Duration ttl) {
        Boolean set = this.redis.opsForValue().setIfAbsent(key(issuer, assertionId), "1", ttl);
        return Boolean.TRUE.equals(set);
    }

    static String key(String issuer, String assertionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((issuer + "\n" + assertionId).getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
        }
    }
}
