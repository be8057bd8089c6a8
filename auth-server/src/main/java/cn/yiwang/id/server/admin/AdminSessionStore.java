package cn.yiwang.id.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Administrators' sessions in Redis, apart from the citizens' SSO sessions. The browser holds a random handle;
 * Redis holds, under the handle's SHA-256 (so a Redis dump gives no usable cookie):
 * <ul>
 * <li>{@code yid:adm:session:{digest}}: {@code <username>|<created epoch second>}, expiring after the idle
 * timeout, touched by every request and never kept past the absolute timeout;</li>
 * <li>{@code yid:adm:user:{username}}: the digests of that administrator's sessions, to end them all when the
 * administrator is disabled or changes role.</li>
 * </ul>
 */
@Component
public final class AdminSessionStore {

    static final String SESSION_PREFIX = "yid:adm:session:";

    private static final String USER_PREFIX = "yid:adm:user:";

    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final StringRedisTemplate redis;

    private final AdminConsoleProperties properties;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    public AdminSessionStore(StringRedisTemplate redis, AdminConsoleProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    /** A live session: who, and since when. */
    public record AdminSession(String username, Instant createdAt) {}

    /**
     * Starts a session.
     * @return the handle for the cookie
     */
    public String create(String username) {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        String handle = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String digest = digest(handle);
        Instant now = this.clock.instant();
        this.redis
                .opsForValue()
                .set(SESSION_PREFIX + digest, username + "|" + now.getEpochSecond(), this.properties.idleTimeout());
        this.redis.opsForSet().add(USER_PREFIX + username, digest);
        this.redis.expire(USER_PREFIX + username, this.properties.absoluteTimeout());
        return handle;
    }

    /** The session of a handle, its idle time restarted; empty when unknown, expired or malformed. */
    public Optional<AdminSession> findAndTouch(String handle) {
        if (handle == null || !HANDLE.matcher(handle).matches()) {
            return Optional.empty();
        }
        String key = SESSION_PREFIX + digest(handle);
        String value = this.redis.opsForValue().get(key);
        if (value == null) {
            return Optional.empty();
        }
        int bar = value.lastIndexOf('|');
        AdminSession session = new AdminSession(
                value.substring(0, bar), Instant.ofEpochSecond(Long.parseLong(value.substring(bar + 1))));
        Instant now = this.clock.instant();
        Duration left = Duration.between(now, session.createdAt().plus(this.properties.absoluteTimeout()));
        if (left.isNegative() || left.isZero()) {
            this.redis.delete(key);
            return Optional.empty();
        }
        this.redis.expire(
                key, (left.compareTo(this.properties.idleTimeout()) < 0) ? left : this.properties.idleTimeout());
        return Optional.of(session);
    }

    /** Ends one session. */
    public void delete(String handle) {
        if (handle != null && HANDLE.matcher(handle).matches()) {
            String digest = digest(handle);
            String value = this.redis.opsForValue().getAndDelete(SESSION_PREFIX + digest);
            if (value != null) {
                this.redis.opsForSet().remove(USER_PREFIX + value.substring(0, value.lastIndexOf('|')), digest);
            }
        }
    }

    /** Ends every session of an administrator (disabled, or given another role). */
    public void deleteAll(String username) {
        Set<String> digests = this.redis.opsForSet().members(USER_PREFIX + username);
        if (digests != null) {
            for (String digest : digests) {
                this.redis.delete(SESSION_PREFIX + digest);
            }
        }
        this.redis.delete(USER_PREFIX + username);
    }

    static String digest(String handle) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}
