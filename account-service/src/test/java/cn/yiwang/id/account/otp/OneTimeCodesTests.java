package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link OneTimeCodes} on the real Redis, built by hand with a clock the tests move. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneTimeCodesTests {

    // 10:00 in Shanghai, so the day has 14 hours left
    private static final Instant START =
            ZonedDateTime.of(2030, 3, 15, 10, 0, 0, 0, OneTimeCodes.DAY_ZONE).toInstant();

    private static final Duration PAST_RESEND = Duration.ofSeconds(61);

    private LettuceConnectionFactory connectionFactory;

    private StringRedisTemplate redis;

    private final SensitiveDataProtector protector = TestOneTimeCodes.protector();

    private final List<String> phones = new ArrayList<>();

    private final List<String> addressKeys = new ArrayList<>();

    private MutableClock clock;

    private RecordingSmsSender sms;

    private SimpleMeterRegistry meters;

    private OneTimeCodes codes;

    @BeforeAll
    void connect() {
        LocalInfrastructure.ensureAvailable();
        this.connectionFactory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(LocalInfrastructure.redisHost(), LocalInfrastructure.redisPort()));
        this.connectionFactory.afterPropertiesSet();
        this.connectionFactory.start();
        this.redis = new StringRedisTemplate(this.connectionFactory);
    }

    @AfterAll
    void disconnect() {
        this.connectionFactory.destroy();
    }

    @BeforeEach
    void setUp() {
        this.clock = new MutableClock(START);
        this.sms = new RecordingSmsSender();
        this.meters = new SimpleMeterRegistry();
        this.codes = codes(OneTimeCodeProperties.defaults());
    }

    @AfterEach
    void cleanUp() {
        this.phones.forEach(
                (phone) -> this.redis.delete(TestOneTimeCodes.phoneKeys(this.redis, this.protector, phone)));
        this.redis.delete(this.addressKeys);
    }

    @Test
    void issueWhenFirstCodeThenSentBySmsWithDigits() {
        String phone = phone();
        Issued issued = this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        assertThat(issued).isEqualTo(new Issued.Sent(Duration.ofMinutes(5), Duration.ofSeconds(60)));
        assertThat(this.sms.messages()).singleElement().satisfies((message) -> {
            assertThat(message.phone()).isEqualTo(phone);
            assertThat(message.sms().purpose()).isEqualTo(OneTimeCodePurpose.LOGIN);
            assertThat(message.sms().code()).matches("\\d{6}");
            assertThat(message.sms().validFor()).isEqualTo(Duration.ofMinutes(5));
        });
    }

    @Test
    void verifyWhenRightCodeThenVerified() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, this.sms.lastCode()))
                .isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void verifyWhenPhoneAndCodeTypedDifferentlyThenSameCode() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, "+86 " + phone.substring(0, 3) + "-" + phone.substring(3), ip());
        String code = this.sms.lastCode();
        // full-width digits, as a Chinese input method types them, with a space in the middle
        String fullWidth = code.chars()
                .mapToObj((c) -> String.valueOf((char) (c - '0' + '０')))
                .reduce("", String::concat);
        String typed = fullWidth.substring(0, 3) + " " + fullWidth.substring(3);
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, typed)).isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void verifyWhenWrongCodeThenAttemptsLeftDecrease() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String wrong = wrongCode(this.sms.lastCode());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrong)).isEqualTo(new VerifyOutcome.Wrong(4));
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrong)).isEqualTo(new VerifyOutcome.Wrong(3));
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, "not a code"))
                .isEqualTo(new VerifyOutcome.Wrong(2));
        // still alive: the right code works after misses
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, this.sms.lastCode()))
                .isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void verifyWhenFiveWrongThenExhaustedEvenWithRightCode() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String code = this.sms.lastCode();
        for (int left = 4; left >= 0; left--) {
            assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrongCode(code)))
                    .isEqualTo(new VerifyOutcome.Wrong(left));
        }
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, code)).isEqualTo(new VerifyOutcome.Exhausted());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrongCode(code)))
                .isEqualTo(new VerifyOutcome.Exhausted());
        // the dead code keeps its TTL, and no hash to match against
        String codeKey = codeKey(phone, OneTimeCodePurpose.LOGIN);
        assertThat(this.redis.<String, String>opsForHash().hasKey(codeKey, "h")).isFalse();
        assertThat(this.redis.getExpire(codeKey, TimeUnit.MILLISECONDS)).isPositive();
    }

    @Test
    void verifyWhenUsedOnceThenSecondVerifyExpired() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String code = this.sms.lastCode();
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, code)).isEqualTo(new VerifyOutcome.Verified());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, code)).isEqualTo(new VerifyOutcome.Expired());
        assertThat(this.redis.hasKey(codeKey(phone, OneTimeCodePurpose.LOGIN))).isFalse();
    }

    @Test
    void verifyWhenNothingIssuedThenExpired() {
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone(), "123456"))
                .isEqualTo(new VerifyOutcome.Expired());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, "not a phone", "123456"))
                .isEqualTo(new VerifyOutcome.Expired());
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, null, null)).isEqualTo(new VerifyOutcome.Expired());
    }

    @Test
    void issueWhenIssuedThenCodeKeyLivesAtMostFiveMinutes() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        assertThat(this.redis.getExpire(codeKey(phone, OneTimeCodePurpose.LOGIN), TimeUnit.MILLISECONDS))
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis())
                .isGreaterThan(Duration.ofMinutes(4).toMillis());
    }

    @Test
    void verifyWhenTtlPassedThenExpired() {
        // the shortest settings the validation allows, so expiry happens in Redis within the test
        this.codes = codes(new OneTimeCodeProperties(Duration.ofSeconds(1), 5, Duration.ofSeconds(1), 10, 50, 6));
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String codeKey = codeKey(phone, OneTimeCodePurpose.LOGIN);
        await().atMost(Duration.ofSeconds(5)).until(() -> !this.redis.hasKey(codeKey));
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, this.sms.lastCode()))
                .isEqualTo(new VerifyOutcome.Expired());
    }

    @Test
    void issueWhenIssuedThenEveryKeyHasTtl() {
        String phone = phone();
        String ip = ip();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip);
        this.clock.advance(PAST_RESEND);
        this.codes.issue(OneTimeCodePurpose.STEP_UP, phone, ip);
        Map<String, Long> ttls = new TreeMap<>();
        List<String> keys = new ArrayList<>(TestOneTimeCodes.phoneKeys(this.redis, this.protector, phone));
        keys.add(this.codes.addressKey(ip));
        keys.forEach((key) -> ttls.put(key, this.redis.getExpire(key, TimeUnit.MILLISECONDS)));
        assertThat(ttls)
                .hasSize(5)
                .allSatisfy((key, ttl) -> assertThat(ttl).as(key).isPositive());
        long toMidnight = Duration.ofHours(14).toMillis();
        assertThat(ttls).allSatisfy((key, ttl) -> {
            if (key.contains(":code:")) {
                assertThat(ttl)
                        .as(key)
                        .isLessThanOrEqualTo(Duration.ofMinutes(5).toMillis());
            } else if (key.contains(":sent:")) {
                assertThat(ttl)
                        .as(key)
                        .isLessThanOrEqualTo(Duration.ofSeconds(60).toMillis());
            } else {
                // day counters end at midnight in Shanghai, 14 hours after the 10:00 of their first count
                assertThat(key).as(key).endsWith(":20300315");
                assertThat(ttl).as(key).isLessThanOrEqualTo(toMidnight).isGreaterThan(toMidnight - 10_000);
            }
        });
    }

    @Test
    void issueWhenIssuedThenRedisHoldsNoPlainPhoneOrCode() {
        String phone = phone();
        String ip = ip();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip);
        String code = this.sms.lastCode();
        String index = this.protector.blindIndex(phone);
        List<String> keys = new ArrayList<>(TestOneTimeCodes.phoneKeys(this.redis, this.protector, phone));
        keys.add(this.codes.addressKey(ip));
        // names: a prefix, a 43-character blind index, then a purpose or a date, nothing else
        assertThat(keys)
                .hasSize(4)
                .allMatch((key) -> key.matches("yid:otp:(code|sent|day|ip):\\{[A-Za-z0-9_-]{43}\\}(:login|:20300315)?"))
                .noneMatch((key) -> key.contains(phone) || key.contains(ip));
        // values, each exactly: the keyed hash of purpose, phone index and code; a time; counters
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            String kind = key.split(":")[2];
            if (this.redis.type(key) == DataType.HASH) {
                this.redis
                        .<String, String>opsForHash()
                        .entries(key)
                        .forEach((field, value) -> values.put(kind + "." + field, value));
            } else {
                values.put(kind, this.redis.opsForValue().get(key));
            }
        }
        assertThat(values)
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(
                        "code.h",
                        this.protector.blindIndex("LOGIN:" + index + ":" + code),
                        "code.n",
                        "0",
                        "sent",
                        Long.toString(START.toEpochMilli()),
                        "day",
                        "1",
                        "ip",
                        "1")));
        assertThat(values.values()).noneMatch((value) -> value.contains(phone));
    }

    @Test
    void verifyWhenManyThreadsRaceWithRightCodeThenExactlyOneVerified() throws Exception {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String code = this.sms.lastCode();
        List<VerifyOutcome> outcomes = race(16, () -> this.codes.verify(OneTimeCodePurpose.LOGIN, phone, code));
        assertThat(outcomes)
                .filteredOn(VerifyOutcome.Verified.class::isInstance)
                .hasSize(1);
        assertThat(outcomes).filteredOn(VerifyOutcome.Expired.class::isInstance).hasSize(15);
    }

    @Test
    void verifyWhenManyThreadsRaceWithWrongCodesThenExactlyMaxAttemptsCounted() throws Exception {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String wrong = wrongCode(this.sms.lastCode());
        List<VerifyOutcome> outcomes = race(20, () -> this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrong));
        assertThat(outcomes)
                .filteredOn(VerifyOutcome.Wrong.class::isInstance)
                .extracting((outcome) -> ((VerifyOutcome.Wrong) outcome).attemptsLeft())
                .containsExactlyInAnyOrder(4, 3, 2, 1, 0);
        assertThat(outcomes)
                .filteredOn(VerifyOutcome.Exhausted.class::isInstance)
                .hasSize(15);
    }

    @Test
    void issueWhenWithinResendIntervalThenTooSoonAndCodeKept() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        this.clock.advance(Duration.ofSeconds(20));
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip()))
                .isEqualTo(new Issued.TooSoon(Duration.ofSeconds(40)));
        // per phone, not per purpose
        this.clock.advance(Duration.ofSeconds(30));
        assertThat(this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone, ip()))
                .isEqualTo(new Issued.TooSoon(Duration.ofSeconds(10)));
        assertThat(this.sms.messages()).hasSize(1);
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, this.sms.lastCode()))
                .isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void issueWhenResendIntervalPassedThenNewCodeReplacesPrevious() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String first = this.sms.lastCode();
        this.codes.verify(OneTimeCodePurpose.LOGIN, phone, wrongCode(first));
        this.clock.advance(PAST_RESEND);
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip())).isInstanceOf(Issued.Sent.class);
        String second = this.sms.lastCode();
        if (!second.equals(first)) {
            // the miss on the first code was forgotten with it: the new code had all five attempts
            assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, first))
                    .isEqualTo(new VerifyOutcome.Wrong(4));
        }
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, second)).isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void issueWhenDailyPhoneLimitReachedThenDailyLimitReached() {
        String phone = phone();
        for (int i = 0; i < 10; i++) {
            assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip()))
                    .as("code %d", i + 1)
                    .isInstanceOf(Issued.Sent.class);
            this.clock.advance(PAST_RESEND);
        }
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip())).isEqualTo(new Issued.DailyLimitReached());
        assertThat(this.codes.issue(OneTimeCodePurpose.STEP_UP, phone, ip())).isEqualTo(new Issued.DailyLimitReached());
        assertThat(this.sms.messages()).hasSize(10);
        assertThat(count("yiwang.otp.issued", "login", "daily_limit_phone")).isEqualTo(1);
    }

    @Test
    void issueWhenNextDayInShanghaiThenDailyLimitsStartAgain() {
        this.codes = codes(new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 1, 50, 6));
        String phone = phone();
        String ip = ip();
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isInstanceOf(Issued.Sent.class);
        // 23:59:59 in Shanghai is still the same day
        this.clock.set(ZonedDateTime.of(2030, 3, 15, 23, 59, 59, 0, OneTimeCodes.DAY_ZONE)
                .toInstant());
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isEqualTo(new Issued.DailyLimitReached());
        // midnight in Shanghai is 16:00 UTC: a UTC day would not have turned yet
        this.clock.set(
                LocalDate.of(2030, 3, 16).atStartOfDay(OneTimeCodes.DAY_ZONE).toInstant());
        this.addressKeys.add(this.codes.addressKey(ip));
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isInstanceOf(Issued.Sent.class);
    }

    @Test
    void issueWhenDailyAddressLimitReachedThenDailyLimitReachedForAnyPhone() {
        this.codes = codes(new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 10, 3, 6));
        String ip = ip();
        for (int i = 0; i < 3; i++) {
            assertThat(this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone(), ip))
                    .isInstanceOf(Issued.Sent.class);
        }
        assertThat(this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone(), ip))
                .isEqualTo(new Issued.DailyLimitReached());
        assertThat(this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone(), ip()))
                .as("another address")
                .isInstanceOf(Issued.Sent.class);
        assertThat(this.sms.messages()).hasSize(4);
        assertThat(count("yiwang.otp.issued", "registration", "daily_limit_ip")).isEqualTo(1);
    }

    @Test
    void issueWhenIpv6AddressesShareSlash64ThenCountedTogether() {
        this.codes = codes(new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 10, 1, 6));
        String prefix = TestOneTimeCodes.ipv6Prefix();
        this.addressKeys.add(this.codes.addressKey(prefix + ":1"));
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone(), prefix + ":1"))
                .isInstanceOf(Issued.Sent.class);
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone(), prefix + "abcd:ef01:2345:6789"))
                .isEqualTo(new Issued.DailyLimitReached());
    }

    @Test
    void issueWhenRefusedForPhoneThenAddressAllowanceGivenBack() {
        this.codes = codes(new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 10, 2, 6));
        String ip = ip();
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip);
        for (int i = 0; i < 5; i++) {
            assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isInstanceOf(Issued.TooSoon.class);
        }
        assertThat(this.redis.opsForValue().get(this.codes.addressKey(ip))).isEqualTo("1");
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone(), ip)).isInstanceOf(Issued.Sent.class);
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone(), ip)).isEqualTo(new Issued.DailyLimitReached());
    }

    @Test
    void verifyWhenOtherPurposeThenNeverMatches() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        String login = this.sms.lastCode();
        assertThat(this.codes.verify(OneTimeCodePurpose.REGISTRATION, phone, login))
                .isEqualTo(new VerifyOutcome.Expired());
        assertThat(this.codes.verify(OneTimeCodePurpose.STEP_UP, phone, login)).isEqualTo(new VerifyOutcome.Expired());
        this.clock.advance(PAST_RESEND);
        this.codes.issue(OneTimeCodePurpose.STEP_UP, phone, ip());
        String stepUp = this.sms.lastCode();
        if (!stepUp.equals(login)) {
            assertThat(this.codes.verify(OneTimeCodePurpose.STEP_UP, phone, login))
                    .isEqualTo(new VerifyOutcome.Wrong(4));
        }
        // two live codes, one per purpose, each verifying only for its own
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, login)).isEqualTo(new VerifyOutcome.Verified());
        assertThat(this.codes.verify(OneTimeCodePurpose.STEP_UP, phone, stepUp))
                .isEqualTo(new VerifyOutcome.Verified());
    }

    @Test
    void issueWhenSenderFailsThenSendFailedNoCodeKeptAndResendAllowed() {
        String phone = phone();
        String ip = ip();
        this.sms.failWith(new SmsSendException("the gateway answered HTTP 503"));
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isEqualTo(new Issued.SendFailed());
        assertThat(this.redis.hasKey(codeKey(phone, OneTimeCodePurpose.LOGIN))).isFalse();
        // the attempt still counts towards the day: the gateway may have delivered after all
        assertThat(TestOneTimeCodes.phoneKeys(this.redis, this.protector, phone))
                .singleElement()
                .satisfies(
                        (key) -> assertThat(this.redis.opsForValue().get(key)).isEqualTo("1"));
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, "123456")).isEqualTo(new VerifyOutcome.Expired());
        this.sms.failWith(null);
        assertThat(this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip)).isInstanceOf(Issued.Sent.class);
        assertThat(count("yiwang.otp.issued", "login", "send_failed")).isEqualTo(1);
    }

    @Test
    void issueWhenSenderThrowsUnexpectedExceptionThenSendFailed() {
        String phone = phone();
        this.sms.failWith(new IllegalStateException("bug in a sender"));
        assertThat(this.codes.issue(OneTimeCodePurpose.STEP_UP, phone, ip())).isEqualTo(new Issued.SendFailed());
        assertThat(this.redis.hasKey(codeKey(phone, OneTimeCodePurpose.STEP_UP)))
                .isFalse();
    }

    @Test
    void issueWhenNotMobileNumberThenIllegalArgumentAndNothingSent() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.codes.issue(OneTimeCodePurpose.LOGIN, "12345678901", ip()))
                .withMessage("Not a mainland mobile number");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codes.issue(OneTimeCodePurpose.LOGIN, phone(), " "));
        assertThat(this.sms.messages()).isEmpty();
    }

    @Test
    void issueAndVerifyThenCountedByPurposeAndOutcome() {
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone, ip());
        this.codes.issue(OneTimeCodePurpose.REGISTRATION, phone, ip());
        this.codes.verify(OneTimeCodePurpose.REGISTRATION, phone, wrongCode(this.sms.lastCode()));
        this.codes.verify(OneTimeCodePurpose.REGISTRATION, phone, this.sms.lastCode());
        this.codes.verify(OneTimeCodePurpose.REGISTRATION, phone, this.sms.lastCode());
        assertThat(count("yiwang.otp.issued", "registration", "sent")).isEqualTo(1);
        assertThat(count("yiwang.otp.issued", "registration", "too_soon")).isEqualTo(1);
        assertThat(count("yiwang.otp.verified", "registration", "wrong")).isEqualTo(1);
        assertThat(count("yiwang.otp.verified", "registration", "verified")).isEqualTo(1);
        assertThat(count("yiwang.otp.verified", "registration", "expired")).isEqualTo(1);
        assertThat(count("yiwang.otp.verified", "login", "verified")).isZero();
    }

    @Test
    void issueWhenLongerCodesConfiguredThenThatManyDigits() {
        this.codes = codes(new OneTimeCodeProperties(Duration.ofMinutes(5), 5, Duration.ofSeconds(60), 10, 50, 8));
        String phone = phone();
        this.codes.issue(OneTimeCodePurpose.LOGIN, phone, ip());
        assertThat(this.sms.lastCode()).matches("\\d{8}");
        assertThat(this.codes.verify(OneTimeCodePurpose.LOGIN, phone, this.sms.lastCode()))
                .isEqualTo(new VerifyOutcome.Verified());
    }

    private OneTimeCodes codes(OneTimeCodeProperties properties) {
        return new OneTimeCodes(this.redis, this.protector, this.sms, properties, this.meters, this.clock);
    }

    private String phone() {
        String phone = TestOneTimeCodes.phone();
        this.phones.add(phone);
        return phone;
    }

    private String ip() {
        String ip = TestOneTimeCodes.ipv4();
        this.addressKeys.add(this.codes.addressKey(ip));
        return ip;
    }

    private String codeKey(String phone, OneTimeCodePurpose purpose) {
        String suffix = ":" + purpose.name().toLowerCase(Locale.ROOT);
        return this.codes.keys(phone).stream()
                .filter((key) -> key.endsWith(suffix))
                .findFirst()
                .orElseThrow();
    }

    private double count(String name, String purpose, String outcome) {
        return this.meters
                .get(name)
                .tag("purpose", purpose)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static String wrongCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ((last == '9') ? '0' : last + 1);
    }

    private static List<VerifyOutcome> race(int threads, Callable<VerifyOutcome> attempt) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<VerifyOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return attempt.call();
                }));
            }
            start.countDown();
            List<VerifyOutcome> outcomes = new ArrayList<>();
            for (Future<VerifyOutcome> future : futures) {
                outcomes.add(future.get(10, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            executor.shutdownNow();
        }
    }
}
