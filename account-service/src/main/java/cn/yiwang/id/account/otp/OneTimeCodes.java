package cn.yiwang.id.account.otp;

import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Issues and verifies SMS one-time codes, with per-phone and per-address limits, all state in Redis.
 *
 * <p>Redis keys, where {@code <p>} is the blind index of the phone number and {@code <a>} the blind
 * index of the client address ({@link ClientAddresses#limitKey}); the braces are Redis Cluster hash
 * tags, so each script touches one slot. Every key has a TTL; none holds a phone number or a code.
 * <ul>
 * <li>{@code yid:otp:code:{<p>}:<purpose>}: hash {@code h} = HMAC-SHA-256 (blind index key) of
 * {@code <PURPOSE>:<p>:<code>}, {@code n} = wrong attempts; lives {@code ttl}. Without {@code h}
 * the code is dead (exhausted).</li>
 * <li>{@code yid:otp:sent:{<p>}}: when the last code was sent to the phone (epoch ms of the
 * {@link Clock}); lives {@code resend-interval}.</li>
 * <li>{@code yid:otp:day:{<p>}:<yyyyMMdd>}: codes sent to the phone that day.</li>
 * <li>{@code yid:otp:ip:{<a>}:<yyyyMMdd>}: codes sent for the client address that day.</li>
 * </ul>
 * Days are calendar days in Asia/Shanghai (the day citizens and carriers count in): a day counter
 * expires at the next midnight there, and the date in its name starts a fresh count even where a
 * node's clock and Redis disagree about the exact moment.
 *
 * <p>Code expiry is Redis's own; the {@link Clock} decides resend intervals and the day.
 *
 * <p>Counts {@code yiwang.otp.issued{purpose, outcome}} (sent, too_soon, daily_limit_phone,
 * daily_limit_ip, send_failed) and {@code yiwang.otp.verified{purpose, outcome}} (verified, wrong,
 * expired, exhausted).
 */
public final class OneTimeCodes {

    private static final Logger log = LoggerFactory.getLogger(OneTimeCodes.class);

    /** The zone whose calendar days the daily limits count. */
    public static final ZoneId DAY_ZONE = ZoneId.of("Asia/Shanghai");

    // Checks the phone's limits and, when they pass, records the send and stores the new code in one
    // atomic step, so two nodes racing for the same phone cannot both send. KEYS: sent marker, day
    // counter, code. ARGV: now ms, resend interval ms, daily cap, ms to the end of the day, code
    // hash, code ttl ms. Returns 0 (stored), -1 (daily cap reached) or the ms until a resend.
    private static final RedisScript<Long> RESERVE_PHONE = RedisScript.of("""
			local now = tonumber(ARGV[1])
			local interval = tonumber(ARGV[2])
			local sent = redis.call('GET', KEYS[1])
			if sent then
			  local wait = tonumber(sent) + interval - now
			  if wait > 0 then
			    -- a clock that went back (another node's) never makes the wait longer than the interval
			    return math.min(wait, interval)
			  end
			end
			if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then
			  return -1
			end
			redis.call('INCR', KEYS[2])
			if redis.call('PTTL', KEYS[2]) < 0 then
			  redis.call('PEXPIRE', KEYS[2], ARGV[4])
			end
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			-- a new code replaces the old one, attempts and all
			redis.call('DEL', KEYS[3])
			redis.call('HSET', KEYS[3], 'h', ARGV[5], 'n', 0)
			redis.call('PEXPIRE', KEYS[3], ARGV[6])
			return 0
			""", Long.class);

    // Counts one send for a client address unless its cap is reached. KEYS: address day counter.
    // ARGV: daily cap, ms to the end of the day. Returns 1 (counted) or 0 (cap reached).
    private static final RedisScript<Long> RESERVE_ADDRESS = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then
			  return 0
			end
			redis.call('INCR', KEYS[1])
			if redis.call('PTTL', KEYS[1]) < 0 then
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 1
			""", Long.class);

    // Gives back an address allowance the phone's limits then refused. Only an existing, positive
    // counter is decremented: DECR on a missing key would create one without a TTL.
    private static final RedisScript<Long> RELEASE_ADDRESS = RedisScript.of("""
			if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
			  return redis.call('DECR', KEYS[1])
			end
			return 0
			""", Long.class);

    // After a failed send: drops the code and the resend marker, but only if they are still the ones
    // this send wrote. KEYS: code, sent marker. ARGV: code hash, sent-at ms.
    private static final RedisScript<Long> ABANDON = RedisScript.of("""
			if redis.call('HGET', KEYS[1], 'h') == ARGV[1] then
			  redis.call('DEL', KEYS[1])
			end
			if redis.call('GET', KEYS[2]) == ARGV[2] then
			  redis.call('DEL', KEYS[2])
			end
			return 0
			""", Long.class);

    // Checks a code and consumes it or counts the miss in one atomic step, so two concurrent
    // verifications of the right code cannot both succeed and no miss goes uncounted.
    // KEYS: code. ARGV: candidate hash, max attempts. Returns VERIFIED, EXPIRED, EXHAUSTED or the
    // attempts left after this miss (0 kills the code).
    private static final RedisScript<Long> VERIFY = RedisScript.of("""
			local h = redis.call('HGET', KEYS[1], 'h')
			if not h then
			  if redis.call('EXISTS', KEYS[1]) == 1 then
			    return -3
			  end
			  return -2
			end
			if h == ARGV[1] then
			  redis.call('DEL', KEYS[1])
			  return -1
			end
			local left = tonumber(ARGV[2]) - redis.call('HINCRBY', KEYS[1], 'n', 1)
			if left <= 0 then
			  -- the hash goes, the key stays until its TTL: later attempts answer Exhausted, not Expired
			  redis.call('HDEL', KEYS[1], 'h')
			  return 0
			end
			return left
			""", Long.class);

    private static final long VERIFIED = -1;

    private static final long EXPIRED = -2;

    private static final long EXHAUSTED = -3;

    private static final String PREFIX = "yid:otp:";

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final StringRedisTemplate redis;

    private final SensitiveDataProtector protector;

    private final SmsSender smsSender;

    private final OneTimeCodeProperties properties;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    private final Map<OneTimeCodePurpose, Map<String, Counter>> issuedCounters;

    private final Map<OneTimeCodePurpose, Map<String, Counter>> verifiedCounters;

    public OneTimeCodes(
            StringRedisTemplate redis,
            SensitiveDataProtector protector,
            SmsSender smsSender,
            OneTimeCodeProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.redis = redis;
        this.protector = protector;
        this.smsSender = smsSender;
        this.properties = properties;
        this.clock = clock;
        this.issuedCounters = counters(
                meters,
                "yiwang.otp.issued",
                "One-time code requests by purpose and outcome",
                List.of("sent", "too_soon", "daily_limit_phone", "daily_limit_ip", "send_failed"));
        this.verifiedCounters = counters(
                meters,
                "yiwang.otp.verified",
                "One-time code verifications by purpose and outcome",
                List.of("verified", "wrong", "expired", "exhausted"));
    }

    /**
     * Sends a new code by SMS when the limits allow, replacing any live code for the purpose and phone.
     * @param purpose what the code is for
     * @param phone a mainland mobile number as typed (spaces, dashes and {@code +86} are fine)
     * @param clientIp the address the request came from
     * @return {@code Sent}, {@code TooSoon}, {@code DailyLimitReached} or {@code SendFailed}
     * @throws IllegalArgumentException when the phone is not a mainland mobile number or the client
     * address is blank
     */
    public Issued issue(OneTimeCodePurpose purpose, String phone, String clientIp) {
        Objects.requireNonNull(purpose, "purpose");
        String number = LoginNames.mobilePhone(phone)
                .orElseThrow(() -> new IllegalArgumentException("Not a mainland mobile number"));
        // one reading of the clock, so the day in the key names and the TTLs agree around midnight
        ZonedDateTime now = this.clock.instant().atZone(DAY_ZONE);
        String toEndOfDay = Long.toString(millisToEndOfDay(now));
        String addressKey = addressKey(ClientAddresses.limitKey(clientIp), now.toLocalDate());
        String masked = Masking.phone(number);
        // the address first: its allowance can be given back, a sent code cannot
        Long counted = this.redis.execute(
                RESERVE_ADDRESS, List.of(addressKey), Integer.toString(this.properties.dailyPerIp()), toEndOfDay);
        if (counted == null || counted != 1) {
            log.info("One-time code for {} refused: daily limit of the client address reached", masked);
            return issued(purpose, "daily_limit_ip", new Issued.DailyLimitReached());
        }
        String index = this.protector.blindIndex(number);
        String code = newCode();
        String hash = codeHash(purpose, index, code);
        String sentAt = Long.toString(now.toInstant().toEpochMilli());
        Long reserved = this.redis.execute(
                RESERVE_PHONE,
                List.of(sentKey(index), dayKey(index, now.toLocalDate()), codeKey(purpose, index)),
                sentAt,
                Long.toString(this.properties.resendInterval().toMillis()),
                Integer.toString(this.properties.dailyPerPhone()),
                toEndOfDay,
                hash,
                Long.toString(this.properties.ttl().toMillis()));
        if (reserved == null || reserved != 0) {
            this.redis.execute(RELEASE_ADDRESS, List.of(addressKey));
            if (reserved != null && reserved > 0) {
                return issued(purpose, "too_soon", new Issued.TooSoon(Duration.ofMillis(reserved)));
            }
            log.info("One-time code for {} refused: daily limit of the phone reached", masked);
            return issued(purpose, "daily_limit_phone", new Issued.DailyLimitReached());
        }
        try {
            this.smsSender.send(number, new OneTimeCodeSms(purpose, code, this.properties.ttl()));
        } catch (RuntimeException ex) {
            this.redis.execute(ABANDON, List.of(codeKey(purpose, index), sentKey(index)), hash, sentAt);
            if (ex instanceof SmsSendException) {
                log.warn("One-time code SMS to {} failed, code discarded: {}", masked, ex.getMessage());
            } else {
                log.warn("One-time code SMS to {} failed, code discarded", masked, ex);
            }
            return issued(purpose, "send_failed", new Issued.SendFailed());
        }
        log.info("One-time code for {} sent to {}", purpose, masked);
        return issued(purpose, "sent", new Issued.Sent(this.properties.ttl(), this.properties.resendInterval()));
    }

    /**
     * Checks a code; the right code is consumed, a wrong one costs an attempt.
     * @param purpose what the code is for; a code issued for another purpose never matches
     * @param phone the mobile number as typed
     * @param code the code as typed (full-width digits and spaces are fine)
     * @return {@code Verified}, {@code Wrong}, {@code Expired} (also for a phone number no code can
     * have been sent to) or {@code Exhausted}
     */
    public VerifyOutcome verify(OneTimeCodePurpose purpose, String phone, String code) {
        Objects.requireNonNull(purpose, "purpose");
        String number = LoginNames.mobilePhone(phone).orElse(null);
        if (number == null) {
            return verified(purpose, "expired", new VerifyOutcome.Expired());
        }
        String index = this.protector.blindIndex(number);
        String candidate = codeHash(purpose, index, normaliseCode(code));
        Long result = this.redis.execute(
                VERIFY, List.of(codeKey(purpose, index)), candidate, Integer.toString(this.properties.maxAttempts()));
        if (result == null || result == EXPIRED) {
            return verified(purpose, "expired", new VerifyOutcome.Expired());
        }
        if (result == VERIFIED) {
            return verified(purpose, "verified", new VerifyOutcome.Verified());
        }
        if (result == EXHAUSTED) {
            return verified(purpose, "exhausted", new VerifyOutcome.Exhausted());
        }
        if (result == 0) {
            log.info(
                    "One-time code for {} to {} is dead after {} wrong attempts",
                    purpose,
                    Masking.phone(number),
                    this.properties.maxAttempts());
        }
        return verified(purpose, "wrong", new VerifyOutcome.Wrong(result.intValue()));
    }

    /**
     * Returns today's Redis keys of a phone number, for tests and operators clearing its limits.
     * @param phone the mobile number as typed
     * @return the code keys of every purpose, the resend marker and today's counter; empty when the
     * input is not a mainland mobile number
     */
    public List<String> keys(String phone) {
        return LoginNames.mobilePhone(phone)
                .map((number) -> {
                    String index = this.protector.blindIndex(number);
                    List<String> keys = new ArrayList<>();
                    for (OneTimeCodePurpose purpose : OneTimeCodePurpose.values()) {
                        keys.add(codeKey(purpose, index));
                    }
                    keys.add(sentKey(index));
                    keys.add(dayKey(index, today()));
                    return List.copyOf(keys);
                })
                .orElse(List.of());
    }

    /**
     * Returns today's Redis key counting codes for a client address.
     * @param clientIp the client address
     * @return the key
     */
    String addressKey(String clientIp) {
        return addressKey(ClientAddresses.limitKey(clientIp), today());
    }

    private String newCode() {
        char[] digits = new char[this.properties.codeLength()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (char) ('0' + this.random.nextInt(10));
        }
        return new String(digits);
    }

    private String codeHash(OneTimeCodePurpose purpose, String phoneIndex, String code) {
        return this.protector.blindIndex(purpose.name() + ":" + phoneIndex + ":" + code);
    }

    private static String normaliseCode(String code) {
        if (code == null || code.length() > LoginNames.MAX_INPUT_LENGTH) {
            return "";
        }
        // full-width digits from a Chinese input method are the same digits
        return WHITESPACE
                .matcher(Normalizer.normalize(code, Normalizer.Form.NFKC))
                .replaceAll("");
    }

    private LocalDate today() {
        return this.clock.instant().atZone(DAY_ZONE).toLocalDate();
    }

    private static long millisToEndOfDay(ZonedDateTime now) {
        ZonedDateTime midnight = now.toLocalDate().plusDays(1).atStartOfDay(DAY_ZONE);
        return Math.max(1, Duration.between(now, midnight).toMillis());
    }

    private static String codeKey(OneTimeCodePurpose purpose, String phoneIndex) {
        return PREFIX + "code:{" + phoneIndex + "}:" + purpose.name().toLowerCase(Locale.ROOT);
    }

    private static String sentKey(String phoneIndex) {
        return PREFIX + "sent:{" + phoneIndex + "}";
    }

    private static String dayKey(String phoneIndex, LocalDate day) {
        return PREFIX + "day:{" + phoneIndex + "}:" + DAY.format(day);
    }

    private String addressKey(String limitKey, LocalDate day) {
        return PREFIX + "ip:{" + this.protector.blindIndex("ip:" + limitKey) + "}:" + DAY.format(day);
    }

    private Issued issued(OneTimeCodePurpose purpose, String outcome, Issued issued) {
        this.issuedCounters.get(purpose).get(outcome).increment();
        return issued;
    }

    private VerifyOutcome verified(OneTimeCodePurpose purpose, String outcome, VerifyOutcome verified) {
        this.verifiedCounters.get(purpose).get(outcome).increment();
        return verified;
    }

    private static Map<OneTimeCodePurpose, Map<String, Counter>> counters(
            MeterRegistry meters, String name, String description, List<String> outcomes) {
        Map<OneTimeCodePurpose, Map<String, Counter>> counters = new EnumMap<>(OneTimeCodePurpose.class);
        for (OneTimeCodePurpose purpose : OneTimeCodePurpose.values()) {
            Map<String, Counter> byOutcome = new HashMap<>();
            for (String outcome : outcomes) {
                byOutcome.put(
                        outcome,
                        Counter.builder(name)
                                .description(description)
                                .tag("purpose", purpose.name().toLowerCase(Locale.ROOT))
                                .tag("outcome", outcome)
                                .register(meters));
            }
            counters.put(purpose, Map.copyOf(byOutcome));
        }
        return Collections.unmodifiableMap(counters);
    }
}
