package cn.yiwang.id.server.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * How often each device polls the token endpoint (RFC 8628 §3.4–3.5), kept in Redis per device code
 * ({@code yid:device:poll:{digest}}: the last poll and the device's current interval) so every node
 * applies the same rule. A device that polls sooner than its interval is told {@code slow_down} and its
 * interval grows by 5 seconds for this and every later request. The clock is Redis's own, one for all
 * nodes.
 */
public final class DevicePolling {

    private static final String POLL_PREFIX = "yid:device:poll:";
    private static final String ISSUED_PREFIX = "yid:device:issued:";

    /** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds". */
    static final int SLOW_DOWN_STEP_SECONDS = 5;

    /**
     * Arrival times wobble by network delay even for a device that waits exactly its interval after each
     * answer; a quarter of a second is forgiven so such a device is never told to slow down.
     */
    private static final long TOLERANCE_MILLIS = 250;

    private static final RedisScript<Long> START = RedisScript.of("""
            local now = redis.call('TIME')
            redis.call('HSET', KEYS[1], 't', now[1] * 1000 + math.floor(now[2] / 1000), 'i', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """, Long.class);

    // Returns 0 when the poll respects the interval, else the device's new interval in seconds.
    private static final RedisScript<Long> POLL = RedisScript.of("""
            local time = redis.call('TIME')
            local now = time[1] * 1000 + math.floor(time[2] / 1000)
            local last = redis.call('HGET', KEYS[1], 't')
            local interval = tonumber(redis.call('HGET', KEYS[1], 'i') or ARGV[1])
            redis.call('HSET', KEYS[1], 't', now)
            local slow = 0
            if last and (now - tonumber(last)) < (interval * 1000 - tonumber(ARGV[2])) then
              interval = interval + tonumber(ARGV[3])
              redis.call('HSET', KEYS[1], 'i', interval)
              slow = interval
            end
            if redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('HSET', KEYS[1], 'i', interval)
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
            end
            return slow
            """, Long.class);

    private final StringRedisTemplate redis;
    private final DeviceProperties properties;

    public DevicePolling(StringRedisTemplate redis, DeviceProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** The interval announced in the device authorization response. */
    public long intervalSeconds() {
        return this.properties.interval().toSeconds();
    }

    /** A device code was just issued: its interval counts from now. */
    public void start(String deviceCode, Duration lifetime) {
        this.redis.execute(
                START,
                List.of(POLL_PREFIX + digest(deviceCode)),
                String.valueOf(intervalSeconds()),
                String.valueOf(keep(lifetime).toMillis()));
    }

    /**
     * Records a poll of a pending authorization; returns 0 when it came soon enough, else the device's new
     * interval in seconds (it must be told {@code slow_down}).
     */
    public long poll(String deviceCode, Duration lifetime) {
        Long slow = this.redis.execute(
                POLL,
                List.of(POLL_PREFIX + digest(deviceCode)),
                String.valueOf(intervalSeconds()),
                String.valueOf(TOLERANCE_MILLIS),
                String.valueOf(SLOW_DOWN_STEP_SECONDS),
                String.valueOf(keep(lifetime).toMillis()));
        return (slow != null) ? slow : 0;
    }

    /**
     * Claims the one token issuance an approved device code allows: true for exactly one caller across all
     * nodes, however many polls arrive at once.
     */
    public boolean claimIssuance(String deviceCode, Duration lifetime) {
        Boolean first = this.redis.opsForValue().setIfAbsent(ISSUED_PREFIX + digest(deviceCode), "1", keep(lifetime));
        return Boolean.TRUE.equals(first);
    }

    private static Duration keep(Duration lifetime) {
        // as long as the authorization itself may be read (its lifetime and the expired-code grace)
        return lifetime.plus(Duration.ofMinutes(10));
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
