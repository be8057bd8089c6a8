package cn.yiwang.id.server.qr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * QR sign-in requests in Redis: one hash per request ({@code yid:qr:{id}}) with a TTL, its state changed
 * only by compare-and-set scripts, so two phones scanning at once or a confirmation racing a cancellation
 * leave exactly one winner. Every change is announced on {@link #CHANNEL} (the request id), which the
 * browsers' event streams on every node listen to. The browser's secret is kept as a digest only.
 */
public final class QrLoginStore {

    /** Pub/sub channel: the id of each request whose state changed. */
    public static final String CHANNEL = "yid:qr:events";

    private static final String PREFIX = "yid:qr:";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    // KEYS[1] the request; ARGV[1] expected state, ARGV[2] new state, ARGV[3] TTL ms, then field/value pairs.
    // Returns "" when changed, else the current state ("gone" when the request expired).
    private static final RedisScript<String> TRANSITION = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], 'st')
            if not current then return 'gone' end
            if current ~= ARGV[1] then return current end
            redis.call('HSET', KEYS[1], 'st', ARGV[2])
            for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return ''
            """, String.class);

    // Takes a confirmed request (the browser signs in with it once): its fields, and it is gone.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE_CONFIRMED = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'st') ~= 'confirmed' then return {} end
            local fields = redis.call('HGETALL', KEYS[1])
            redis.call('DEL', KEYS[1])
            return fields
            """, List.class);

    private final StringRedisTemplate redis;

    public QrLoginStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public void create(QrLoginRequest request, String browserSecret, Duration ttl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("st", request.state().code());
        fields.put("k", digest(browserSecret));
        fields.put("c", request.clientId());
        fields.put("rl", String.valueOf(request.requiredLevel()));
        fields.put("o", request.origin());
        fields.put("ip", request.clientIp());
        fields.put("loc", request.location());
        fields.put("br", request.browser());
        fields.put("t", String.valueOf(request.createdAt().getEpochSecond()));
        fields.put("n", String.valueOf(request.number()));
        String key = key(request.id());
        this.redis.opsForHash().putAll(key, fields);
        this.redis.expire(key, ttl);
    }

    public Optional<QrLoginRequest> find(String id) {
        if (!isWellFormed(id)) {
            return Optional.empty();
        }
        Map<Object, Object> fields = this.redis.opsForHash().entries(key(id));
        return fields.isEmpty() ? Optional.empty() : Optional.of(request(id, stringMap(fields)));
    }

    /** The request, only for the browser that holds its secret. */
    public Optional<QrLoginRequest> findForBrowser(String id, String browserSecret) {
        if (!isWellFormed(id) || browserSecret == null) {
            return Optional.empty();
        }
        Map<Object, Object> fields = this.redis.opsForHash().entries(key(id));
        if (fields.isEmpty()
                || !MessageDigest.isEqual(
                        String.valueOf(fields.get("k")).getBytes(StandardCharsets.US_ASCII),
                        digest(browserSecret).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(request(id, stringMap(fields)));
    }

    /**
     * Moves the request from one state to another, setting the given fields and a new TTL; returns empty
     * when it moved, else the state it is in ({@link QrLoginState#EXPIRED} when gone).
     */
    public Optional<QrLoginState> transition(
            String id, QrLoginState from, QrLoginState to, Map<String, String> fields, Duration ttl) {
        List<String> args = new ArrayList<>(List.of(from.code(), to.code(), String.valueOf(ttl.toMillis())));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        String current = this.redis.execute(TRANSITION, List.of(key(id)), args.toArray());
        if (current == null || current.isEmpty()) {
            this.redis.convertAndSend(CHANNEL, id);
            return Optional.empty();
        }
        return Optional.of("gone".equals(current) ? QrLoginState.EXPIRED : QrLoginState.of(current));
    }

    /** Takes the confirmed request of the browser holding its secret: once only. */
    public Optional<QrLoginRequest> takeConfirmed(String id, String browserSecret) {
        if (findForBrowser(id, browserSecret).isEmpty()) {
            return Optional.empty();
        }
        List<?> flat = this.redis.execute(TAKE_CONFIRMED, List.of(key(id)));
        if (flat == null || flat.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return Optional.of(request(id, fields));
    }

    /** Seconds the request has left, 0 when gone. */
    public long secondsLeft(String id) {
        Long ttl = this.redis.getExpire(key(id));
        return (ttl != null && ttl > 0) ? ttl : 0;
    }

    private static QrLoginRequest request(String id, Map<String, String> f) {
        String amr = f.get("amr");
        return new QrLoginRequest(
                id,
                QrLoginState.of(f.get("st")),
                f.getOrDefault("c", ""),
                Integer.parseInt(f.getOrDefault("rl", "1")),
                f.getOrDefault("o", ""),
                f.getOrDefault("ip", ""),
                f.getOrDefault("loc", ""),
                f.getOrDefault("br", ""),
                Instant.ofEpochSecond(Long.parseLong(f.getOrDefault("t", "0"))),
                Integer.parseInt(f.getOrDefault("n", "0")),
                f.get("a"),
                f.get("ap"),
                Integer.parseInt(f.getOrDefault("lv", "0")),
                (amr != null && !amr.isEmpty()) ? Arrays.asList(amr.split(",")) : List.of(),
                f.get("r"));
    }

    private static Map<String, String> stringMap(Map<Object, Object> fields) {
        Map<String, String> strings = new LinkedHashMap<>();
        fields.forEach((k, v) -> strings.put(String.valueOf(k), String.valueOf(v)));
        return strings;
    }

    private static String key(String id) {
        return PREFIX + "{" + id + "}";
    }

    static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
