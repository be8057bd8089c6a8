package cn.yiwang.id.server.saml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The request IDs each service provider has used, for as long as a request is acceptable at all,
 * so a captured AuthnRequest or LogoutRequest cannot be played again: Redis
 * {@code yid:saml:seen:<sha256(entity ID, request ID)>}, set once.
 */
public final class SeenSamlRequests {

    private static final String PREFIX = "yid:saml:seen:";

    private final StringRedisTemplate redis;
    private final Duration memory;

    public SeenSamlRequests(StringRedisTemplate redis, Duration memory) {
        this.redis = redis;
        this.memory = memory;
    }

    /** True the first time this SP uses this ID; false for every replay. */
    public boolean firstUse(String entityId, String requestId) {
        return Boolean.TRUE.equals(
                this.redis.opsForValue().setIfAbsent(PREFIX + digest(entityId, requestId), "1", this.memory));
    }

    private static String digest(String entityId, String requestId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(entityId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(requestId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
