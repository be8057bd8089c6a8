package cn.yiwang.id.account.password;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per login name in Redis and locks the name for a growing delay.
 *
 * <p>Keys are {@code yid:login:fail:{<index>}} (failure counter) and
 * {@code yid:login:lock:{<index>}} (lock), where {@code <index>} is the blind index of the
 * normalised login name: Redis never sees a phone number, and the braces are a Redis Cluster
 * hash tag that keeps both keys of a name in one slot for the script. Every key has a TTL.
 */
@Component
public final class LoginThrottle {

    // One atomic step, so nodes racing on the same name agree on the count and no key is left
    // without a TTL. KEYS: counter, lock. ARGV: window ms, max failures, then the lock delays
    // in ms for the max-failures-th failure, the next one, ... (the last one repeats: the cap).
    private static final RedisScript<Long> RECORD_FAILURE = RedisScript.of("""
			local n = redis.call('INCR', KEYS[1])
			local ttl = redis.call('PTTL', KEYS[1])
			local window = tonumber(ARGV[1])
			if ttl < 0 then
			  redis.call('PEXPIRE', KEYS[1], window)
			  ttl = window
			end
			local threshold = tonumber(ARGV[2])
			if n < threshold then
			  return 0
			end
			local i = n - threshold + 3
			if i > #ARGV then
			  i = #ARGV
			end
			local delay = tonumber(ARGV[i])
			redis.call('SET', KEYS[2], n, 'PX', delay)
			-- keep counting while the name stays under attack, so the delay keeps growing
			if ttl < delay + window then
			  redis.call('PEXPIRE', KEYS[1], delay + window)
			end
			return delay
			""", Long.class);

    private static final String FAIL_PREFIX = "yid:login:fail:{";

    private static final String LOCK_PREFIX = "yid:login:lock:{";

    private final StringRedisTemplate redis;

    private final SensitiveDataProtector protector;

    private final List<String> scriptArgs;

    public LoginThrottle(StringRedisTemplate redis, SensitiveDataProtector protector, ThrottleProperties properties) {
        this.redis = redis;
        this.protector = protector;
        List<String> args = new ArrayList<>();
        args.add(Long.toString(properties.window().toMillis()));
        args.add(Integer.toString(properties.maxFailures()));
        lockDelays(properties).forEach((delay) -> args.add(Long.toString(delay.toMillis())));
        this.scriptArgs = List.copyOf(args);
    }

    /**
     * Returns how long a login name stays locked.
     * @param normalisedLoginName the login name as {@link cn.yiwang.id.account.LoginNames#normalise} returns it
     * @return the remaining lock time, or empty when attempts are allowed
     */
    public Optional<Duration> lockRemaining(String normalisedLoginName) {
        Long millis = this.redis.getExpire(lockKey(normalisedLoginName), TimeUnit.MILLISECONDS);
        // -2: no lock; -1 (no TTL) cannot happen, since locks are only written with PX
        return (millis != null && millis > 0) ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    /**
     * Records a failed attempt, locking the name once failures reach the threshold.
     * @param normalisedLoginName the login name as {@link cn.yiwang.id.account.LoginNames#normalise} returns it
     * @return the lock this failure started, or empty when the name is not locked
     */
    public Optional<Duration> recordFailure(String normalisedLoginName) {
        Long delay = this.redis.execute(RECORD_FAILURE, keys(normalisedLoginName), this.scriptArgs.toArray());
        return (delay != null && delay > 0) ? Optional.of(Duration.ofMillis(delay)) : Optional.empty();
    }

    /**
     * Forgets the failures of a login name, after a successful login.
     * @param normalisedLoginName the login name as {@link cn.yiwang.id.account.LoginNames#normalise} returns it
     */
    public void reset(String normalisedLoginName) {
        // one DEL of two keys in the same hash slot, so it also works on Redis Cluster
        this.redis.delete(keys(normalisedLoginName));
    }

    /**
     * Returns the Redis keys used for a login name, for tests and operators clearing a lock.
     * @param normalisedLoginName the normalised login name
     * @return the counter key and the lock key
     */
    public List<String> keys(String normalisedLoginName) {
        String index = this.protector.blindIndex(normalisedLoginName);
        return List.of(FAIL_PREFIX + index + "}", LOCK_PREFIX + index + "}");
    }

    /**
     * The lock delays in order: for the {@code maxFailures}-th failure, the next one, and so on
     * until the cap, which then applies to every further failure.
     * @param properties the throttle settings
     * @return the delays, doubling from {@code initialDelay} and ending with {@code maxDelay}
     */
    static List<Duration> lockDelays(ThrottleProperties properties) {
        List<Duration> delays = new ArrayList<>();
        Duration delay = properties.initialDelay();
        while (delay.compareTo(properties.maxDelay()) < 0) {
            delays.add(delay);
            delay = delay.multipliedBy(2);
        }
        delays.add(properties.maxDelay());
        return List.copyOf(delays);
    }

    /**
     * The lock after a given number of failures.
     * @param failures failures counted within the window
     * @param properties the throttle settings
     * @return zero below the threshold, else the initial delay doubled per further failure, capped
     */
    static Duration lockDelay(long failures, ThrottleProperties properties) {
        if (failures < properties.maxFailures()) {
            return Duration.ZERO;
        }
        List<Duration> delays = lockDelays(properties);
        long i = Math.min(failures - properties.maxFailures(), delays.size() - 1);
        return delays.get((int) i);
    }

    private String lockKey(String normalisedLoginName) {
        return LOCK_PREFIX + this.protector.blindIndex(normalisedLoginName) + "}";
    }
}
