package cn.yiwang.id.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** {@link SsoSessionStore} against the real Redis. */
class SsoSessionStoreTests {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static final Duration ABSOLUTE = Duration.ofHours(8);

    private static final SsoSessionProperties PROPERTIES =
            new SsoSessionProperties(IDLE, ABSOLUTE, "YIWANG_SSO", null, 10, false);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate redis;

    /** Whole seconds: the store keeps auth_time and expiry in seconds, as the tokens carry them. */
    private final Instant signIn = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final SsoSessionStore store = store(this.signIn);

    private final List<String> sids = new ArrayList<>();

    /** A fresh account per test, so listings only see this test's sessions. */
    private final String account = "account-" + java.util.UUID.randomUUID();

    @BeforeAll
    static void connect() {
        LocalInfrastructure.ensureAvailable();
        connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(LocalInfrastructure.redisHost(), LocalInfrastructure.redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @AfterEach
    void deleteSessions() {
        this.sids.forEach(this.store::remove);
        this.sids.forEach((sid) -> redis.delete("yid:sso:e:{" + sid + "}"));
    }

    @Test
    void findAndTouchWhenCreatedThenFoundAndExpiresAfterIdleTimeout() {
        SsoSessionStore.Created created = create();

        assertThat(this.store.findAndTouch(created.handle())).contains(created.session());

        SsoSession session = created.session();
        assertThat(session.accountId()).isEqualTo(this.account);
        assertThat(session.amr()).containsExactly("pwd");
        assertThat(session.acr()).isEqualTo("loa2");
        assertThat(session.expiresAt()).isEqualTo(this.signIn.plus(ABSOLUTE));
        long ttl = redis.getExpire(key(session), TimeUnit.SECONDS);
        assertThat(ttl).isGreaterThan(IDLE.minusSeconds(10).toSeconds()).isLessThanOrEqualTo(IDLE.toSeconds());
    }

    @Test
    void createWhenStoredThenRedisHoldsNeitherTheCookieNorItsSecret() {
        SsoSessionStore.Created created = create();
        String secret = created.handle().substring(created.handle().indexOf('.') + 1);

        assertThat(created.handle()).startsWith(created.session().sid() + ".");
        for (String key : redis.keys("yid:sso:*{" + created.session().sid() + "}")) {
            assertThat(key).doesNotContain(secret);
            if ("string".equals(redis.type(key).code())) {
                assertThat(redis.opsForValue().get(key)).doesNotContain(secret);
            }
        }
    }

    @Test
    void findAndTouchWhenSecretWrongOrHandleMalformedThenEmpty() {
        SsoSessionStore.Created created = create();

        assertThat(this.store.findAndTouch(created.session().sid() + ".forged-secret"))
                .isEmpty();
        assertThat(this.store.findAndTouch(created.session().sid())).isEmpty();
        assertThat(this.store.findAndTouch("no-such-handle")).isEmpty();
        assertThat(this.store.findAndTouch("x".repeat(201))).isEmpty();
        assertThat(this.store.findAndTouch(null)).isEmpty();
    }

    @Test
    void removeWhenParticipantsRecordedThenReturnsThemAndDeletesEverything() {
        SsoSessionStore.Created created = create();
        String sid = created.session().sid();
        this.store.addParticipant(sid, "demo-web", "authz-1");
        this.store.addParticipant(sid, "demo-spa", "authz-2");
        this.store.addParticipant(sid, "demo-web", "authz-3");

        SessionParticipants participants = this.store.remove(sid);

        assertThat(participants.accountId()).isEqualTo(this.account);
        assertThat(participants.clientIds()).containsExactlyInAnyOrder("demo-web", "demo-spa");
        assertThat(participants.authorizationIds()).containsExactlyInAnyOrder("authz-1", "authz-2", "authz-3");
        assertThat(this.store.findAndTouch(created.handle())).isEmpty();
        assertThat(redis.keys("yid:sso:*{" + sid + "}")).isEmpty();
        assertThat(this.store.listForAccount(this.account)).isEmpty();
        assertThat(this.store.remove(sid)).isNull();
    }

    @Test
    void listForAccountWhenSessionsLiveThenOldestFirstAndEndedOnesForgotten() {
        SsoSessionStore.Created first = create();
        SsoSessionStore.Created second = store(this.signIn.plusSeconds(5))
                .create(this.account, List.of("pwd"), "loa2", "203.0.113.77", "Mozilla/5.0 " + "x".repeat(300));
        this.sids.add(second.session().sid());

        List<SsoSessionRecord> live = this.store.listForAccount(this.account);

        assertThat(live)
                .extracting((r) -> r.session().sid())
                .containsExactly(first.session().sid(), second.session().sid());
        assertThat(live.get(1).clientIp()).isEqualTo("203.0.113.*");
        assertThat(live.get(1).userAgent()).hasSizeLessThanOrEqualTo(120).startsWith("Mozilla/5.0");
        redis.delete(key(first.session()));
        assertThat(this.store.listForAccount(this.account))
                .extracting((r) -> r.session().sid())
                .containsExactly(second.session().sid());
    }

    @Test
    void claimEndWhenCalledTwiceThenOnlyTheFirstWins() {
        String sid = create().session().sid();

        assertThat(this.store.claimEnd(sid)).isTrue();
        assertThat(this.store.claimEnd(sid)).isFalse();
    }

    @Test
    void findAndTouchWhenAbsoluteExpiryNearThenTtlCappedAtRemainingTime() {
        SsoSessionStore.Created created = create();
        // 7h58m30s later the session was used again: 90 s remain of the absolute lifetime
        SsoSessionStore later = store(this.signIn.plus(ABSOLUTE).minusSeconds(90));

        assertThat(later.findAndTouch(created.handle())).contains(created.session());

        assertThat(redis.getExpire(key(created.session()), TimeUnit.SECONDS))
                .isGreaterThan(0)
                .isLessThanOrEqualTo(90);
    }

    @Test
    void findAndTouchWhenAbsoluteExpiryPassedThenEmptyAndDeleted() {
        SsoSessionStore.Created created = create();
        SsoSessionStore afterExpiry = store(this.signIn.plus(ABSOLUTE).plusSeconds(1));

        assertThat(afterExpiry.findAndTouch(created.handle())).isEmpty();

        assertThat(redis.hasKey(key(created.session()))).isFalse();
    }

    @Test
    void createWhenStoredThenValueIsCompactJsonWithoutJavaSerialization() {
        SsoSessionStore.Created created = create();

        String value = redis.opsForValue().get(key(created.session()));

        assertThat(value.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(300);
        assertThat(value).startsWith("{").endsWith("}").doesNotContain("java.").doesNotContain("@class");
        assertThat(JSON.readTree(value).isObject()).isTrue();
    }

    @Test
    void createForDeviceWhenOriginSessionThenSameSignInMarkedWithDeviceAndListed() {
        SsoSession origin = create().session();

        SsoSession device = this.store.createForDevice(origin, "demo-kiosk", "198.51.100.9", "Kiosk/2.1");
        this.sids.add(device.sid());

        assertThat(device.sid()).isNotEqualTo(origin.sid());
        assertThat(device.accountId()).isEqualTo(origin.accountId());
        assertThat(device.authTime()).isEqualTo(origin.authTime());
        assertThat(device.amr()).isEqualTo(origin.amr());
        assertThat(device.acr()).isEqualTo(origin.acr());
        assertThat(device.expiresAt()).isEqualTo(origin.expiresAt());
        SsoSessionRecord record = this.store.find(device.sid()).orElseThrow();
        assertThat(record.device()).isEqualTo("demo-kiosk");
        assertThat(record.clientIp()).isEqualTo("198.51.100.*");
        assertThat(this.store.find(origin.sid()).orElseThrow().device()).isNull();
        assertThat(this.store.listForAccount(this.account))
                .extracting(SsoSessionRecord::device)
                .containsExactlyInAnyOrder(null, "demo-kiosk");
    }

    @Test
    void findWhenRecordWrittenBeforeDeviceFieldExistedThenReadableWithoutDevice() {
        SsoSession session = create().session();
        String key = key(session);
        // a record as the previous version wrote it: no "dv"
        String old = "{\"k\":\"x\",\"a\":\"" + this.account + "\",\"t\":"
                + session.authTime().getEpochSecond()
                + ",\"m\":[\"pwd\"],\"c\":\"loa2\",\"x\":" + session.expiresAt().getEpochSecond()
                + ",\"ip\":\"198.51.100.*\",\"ua\":\"JUnit\"}";
        redis.opsForValue().set(key, old, IDLE);

        SsoSessionRecord record = this.store.find(session.sid()).orElseThrow();

        assertThat(record.device()).isNull();
        assertThat(record.session()).isEqualTo(session);
    }

    @Test
    void sidOfKeyWhenSessionKeyThenSidElseNull() {
        assertThat(SsoSessionStore.sidOfKey("yid:sso:s:{abcdefghijklmnopqrstuv}"))
                .isEqualTo("abcdefghijklmnopqrstuv");
        assertThat(SsoSessionStore.sidOfKey("yid:sso:p:{abcdefghijklmnopqrstuv}"))
                .isNull();
        assertThat(SsoSessionStore.sidOfKey("yid:authz:{x}")).isNull();
        assertThat(SsoSessionStore.sidOfKey(null)).isNull();
    }

    private SsoSessionStore.Created create() {
        SsoSessionStore.Created created =
                this.store.create(this.account, List.of("pwd"), "loa2", "198.51.100.7", "JUnit");
        this.sids.add(created.session().sid());
        return created;
    }

    private static SsoSessionStore store(Instant now) {
        return new SsoSessionStore(redis, JSON, PROPERTIES, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String key(SsoSession session) {
        return "yid:sso:s:{" + session.sid() + "}";
    }
}
