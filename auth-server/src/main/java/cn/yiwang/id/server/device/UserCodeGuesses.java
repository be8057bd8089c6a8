package cn.yiwang.id.server.device;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Counts wrong user codes entered at {@code /activate} (RFC 8628 §5.1: user codes are short, so guessing
 * must be rate-limited) per client address, per signed-in account and for the whole service per minute,
 * in Redis with TTLs ({@code yid:device:guess:*}). Past any limit, further codes are refused unread
 * until the counter's window ends.
 */
public final class UserCodeGuesses {

    private static final String PREFIX = "yid:device:guess:";

    private static final RedisScript<Long> COUNT = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n
            """, Long.class);

    private final StringRedisTemplate redis;
    private final DeviceProperties properties;

    public UserCodeGuesses(StringRedisTemplate redis, DeviceProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** How long this address or account must wait before entering another code; empty when it may now. */
    public Optional<Duration> waitBeforeNext(String clientIp, String accountId, Instant now) {
        List<String> keys = keys(clientIp, accountId, now);
        List<String> counts = this.redis.opsForValue().multiGet(keys);
        long[] limits = {
            this.properties.maxGuessesPerIp(),
            this.properties.maxGuessesPerAccount(),
            this.properties.maxGuessesPerMinute()
        };
        Duration wait = null;
        for (int i = 0; i < keys.size(); i++) {
            String count = (counts != null) ? counts.get(i) : null;
            if (count != null && Long.parseLong(count) >= limits[i]) {
                Long ttl = this.redis.getExpire(keys.get(i), java.util.concurrent.TimeUnit.SECONDS);
                Duration left = Duration.ofSeconds((ttl != null && ttl > 0) ? ttl : 1);
                wait = (wait == null || left.compareTo(wait) > 0) ? left : wait;
            }
        }
        return Optional.ofNullable(wait);
    }

    /** Records one wrong code. */
    public void recordWrong(String clientIp, String accountId, Instant now) {
        List<String> keys = keys(clientIp, accountId, now);
        String window = String.valueOf(this.properties.guessWindow().toMillis());
        this.redis.execute(COUNT, List.of(keys.get(0)), window);
        this.redis.execute(COUNT, List.of(keys.get(1)), window);
        this.redis.execute(
                COUNT,
                List.of(keys.get(2)),
                String.valueOf(Duration.ofMinutes(2).toMillis()));
    }

    private static List<String> keys(String clientIp, String accountId, Instant now) {
        List<String> keys = new ArrayList<>(3);
        keys.add(PREFIX + "ip:" + clientIp);
        keys.add(PREFIX + "acct:" + accountId);
        keys.add(PREFIX + "all:" + (now.getEpochSecond() / 60));
        return keys;
    }
}
