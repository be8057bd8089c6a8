package cn.yiwang.id.server.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Initial access tokens for Dynamic Client Registration (RFC 7591 §3): an administrator issues one for a team,
 * good for a number of registrations until it expires, and limited to a set of scopes. Kept in Redis under the
 * digest of the token (the token itself is shown once), with the expiry as TTL; each use is counted atomically.
 */
public final class InitialAccessTokens {

    private static final String PREFIX = "yid:iat:";

    // returns the scopes and spends one use; the last use deletes the token
    private static final DefaultRedisScript<String> CONSUME = new DefaultRedisScript<>(
            "local scopes = redis.call('HGET', KEYS[1], 's') "
                    + "if not scopes then return false end "
                    + "local left = redis.call('HINCRBY', KEYS[1], 'u', -1) "
                    + "if left < 0 then redis.call('DEL', KEYS[1]) return false end "
                    + "if left == 0 then redis.call('DEL', KEYS[1]) end "
                    + "return scopes",
            String.class);

    private final StringRedisTemplate redis;

    private final SecureRandom random = new SecureRandom();

    public InitialAccessTokens(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** @return a new token, in plain text (stored only as its digest) */
    public String issue(Set<String> scopes, int uses, Duration lifetime) {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String key = PREFIX + digest(token);
        this.redis.opsForHash().put(key, "s", String.join(" ", scopes));
        this.redis.opsForHash().put(key, "u", String.valueOf(uses));
        this.redis.expire(key, lifetime);
        return token;
    }

    /** Spends one use of the token. @return the scopes it allows, or empty when it is unknown, spent or expired */
    public Optional<Set<String>> consume(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String scopes = this.redis.execute(CONSUME, List.of(PREFIX + digest(token)));
        if (scopes == null) {
            return Optional.empty();
        }
        return Optional.of(scopes.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" "))));
    }

    static String digest(String token) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
