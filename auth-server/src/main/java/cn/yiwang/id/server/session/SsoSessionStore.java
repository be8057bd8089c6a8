package cn.yiwang.id.server.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * SSO sessions in Redis: one compact JSON value per session, keyed by a hash of the cookie handle,
 * expiring after the idle timeout and never later than the absolute timeout.
 */
@Component
public final class SsoSessionStore {

    private static final String KEY_PREFIX = "yid:sso:";

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final SsoSessionProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SsoSessionStore(StringRedisTemplate redis, JsonMapper json, SsoSessionProperties properties, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** A session just created, with the handle to put in the browser cookie. */
    public record Created(String handle, SsoSession session) {
    }

    public Created create(String accountId, List<String> amr, String acr) {
        Instant now = this.clock.instant();
        SsoSession session = new SsoSession(randomToken(16), accountId, now, amr, acr,
                now.plus(this.properties.absoluteTimeout()));
        String handle = randomToken(32);
        this.redis.opsForValue().set(key(handle), encode(session), ttl(session, now));
        return new Created(handle, session);
    }

    /** Finds the live session for a cookie handle and extends its idle lifetime. */
    public Optional<SsoSession> findAndTouch(String handle) {
        if (handle == null || handle.length() > 100) {
            return Optional.empty();
        }
        Instant now = this.clock.instant();
        // GETEX reads and slides the idle timeout in one round trip; the absolute limit caps it below.
        String value = this.redis.opsForValue().getAndExpire(key(handle), this.properties.idleTimeout());
        if (value == null) {
            return Optional.empty();
        }
        SsoSession session = decode(value);
        if (!session.expiresAt().isAfter(now)) {
            this.redis.delete(key(handle));
            return Optional.empty();
        }
        Duration remaining = Duration.between(now, session.expiresAt());
        if (remaining.compareTo(this.properties.idleTimeout()) < 0) {
            this.redis.expire(key(handle), remaining);
        }
        return Optional.of(session);
    }

    public void delete(String handle) {
        if (handle != null && handle.length() <= 100) {
            this.redis.delete(key(handle));
        }
    }

    private Duration ttl(SsoSession session, Instant now) {
        Duration remaining = Duration.between(now, session.expiresAt());
        return remaining.compareTo(this.properties.idleTimeout()) < 0 ? remaining : this.properties.idleTimeout();
    }

    private String encode(SsoSession session) {
        ObjectNode node = this.json.createObjectNode();
        node.put("s", session.sid());
        node.put("a", session.accountId());
        node.put("t", session.authTime().getEpochSecond());
        ArrayNode amr = node.putArray("m");
        session.amr().forEach(amr::add);
        node.put("c", session.acr());
        node.put("x", session.expiresAt().getEpochSecond());
        return this.json.writeValueAsString(node);
    }

    private SsoSession decode(String value) {
        JsonNode node = this.json.readTree(value);
        List<String> amr = new ArrayList<>();
        node.get("m").forEach((m) -> amr.add(m.asString()));
        return new SsoSession(node.get("s").asString(), node.get("a").asString(),
                Instant.ofEpochSecond(node.get("t").asLong()), amr, node.get("c").asString(),
                Instant.ofEpochSecond(node.get("x").asLong()));
    }

    private static String key(String handle) {
        // Store a digest of the handle so a Redis dump does not hand out live cookies.
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.US_ASCII));
            return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String randomToken(int bytes) {
        byte[] buffer = new byte[bytes];
        this.random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
