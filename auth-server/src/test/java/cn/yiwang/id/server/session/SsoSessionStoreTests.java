package cn.yiwang.id.server.session;

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
import tools.jackson.databind.json.JsonMapper;

import cn.yiwang.id.testsupport.LocalInfrastructure;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SsoSessionStore} against the real Redis. */
class SsoSessionStoreTests {

    private static final Duration IDLE = Duration.ofMinutes(30);

    private static final Duration ABSOLUTE = Duration.ofHours(8);

    private static final SsoSessionProperties PROPERTIES = new SsoSessionProperties(IDLE, ABSOLUTE, "YIWANG_SSO",
            null);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate redis;

    /** Whole seconds: the store keeps auth_time and expiry in seconds, as the tokens carry them. */
    private final Instant signIn = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final SsoSessionStore store = store(this.signIn);

    private final List<String> handles = new ArrayList<>();

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
        this.handles.forEach(this.store::delete);
    }

    @Test
    void findAndTouchWhenCreatedThenFoundAndExpiresAfterIdleTimeout() {
        SsoSessionStore.Created created = create();

        assertThat(this.store.findAndTouch(created.handle())).contains(created.session());

        SsoSession session = created.session();
        assertThat(session.accountId()).isEqualTo("account-42");
        assertThat(session.amr()).containsExactly("pwd");
        assertThat(session.acr()).isEqualTo("loa2");
        assertThat(session.expiresAt()).isEqualTo(this.signIn.plus(ABSOLUTE));
        assertThat(session.sid()).isNotEqualTo(created.handle());
        long ttl = redis.getExpire(keyOf(session), TimeUnit.SECONDS);
        assertThat(ttl).isGreaterThan(IDLE.minusSeconds(10).toSeconds()).isLessThanOrEqualTo(IDLE.toSeconds());
    }

    @Test
    void createWhenSessionStoredThenKeyIsNotTheCookieHandle() {
        SsoSessionStore.Created created = create();

        assertThat(redis.hasKey("yid:sso:" + created.handle())).isFalse();
        String key = keyOf(created.session());
        assertThat(key).startsWith("yid:sso:").doesNotContain(created.handle());
    }

    @Test
    void findAndTouchWhenDeletedThenGone() {
        SsoSessionStore.Created created = create();
        String key = keyOf(created.session());

        this.store.delete(created.handle());

        assertThat(this.store.findAndTouch(created.handle())).isEmpty();
        assertThat(redis.hasKey(key)).isFalse();
    }

    @Test
    void findAndTouchWhenUnknownOrOversizedHandleThenEmpty() {
        assertThat(this.store.findAndTouch("no-such-handle")).isEmpty();
        assertThat(this.store.findAndTouch("x".repeat(101))).isEmpty();
        assertThat(this.store.findAndTouch(null)).isEmpty();
    }

    @Test
    void findAndTouchWhenAbsoluteExpiryNearThenTtlCappedAtRemainingTime() {
        SsoSessionStore.Created created = create();
        String key = keyOf(created.session());
        // 7h58m30s later the session was used again: 90 s remain of the absolute lifetime
        SsoSessionStore later = store(this.signIn.plus(ABSOLUTE).minusSeconds(90));

        assertThat(later.findAndTouch(created.handle())).contains(created.session());

        assertThat(redis.getExpire(key, TimeUnit.SECONDS)).isGreaterThan(0).isLessThanOrEqualTo(90);
    }

    @Test
    void findAndTouchWhenAbsoluteExpiryPassedThenEmptyAndDeleted() {
        SsoSessionStore.Created created = create();
        String key = keyOf(created.session());
        SsoSessionStore afterExpiry = store(this.signIn.plus(ABSOLUTE).plusSeconds(1));

        assertThat(afterExpiry.findAndTouch(created.handle())).isEmpty();

        assertThat(redis.hasKey(key)).isFalse();
    }

    @Test
    void createWhenStoredThenValueIsCompactJsonWithoutJavaSerialization() {
        SsoSessionStore.Created created = create();

        String value = redis.opsForValue().get(keyOf(created.session()));

        assertThat(value.getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(300);
        assertThat(value).startsWith("{").endsWith("}").doesNotContain("java.").doesNotContain("@class")
            .doesNotContain(created.handle()).contains(created.session().sid());
        assertThat(JSON.readTree(value).isObject()).isTrue();
    }

    private SsoSessionStore.Created create() {
        SsoSessionStore.Created created = this.store.create("account-42", List.of("pwd"), "loa2");
        this.handles.add(created.handle());
        return created;
    }

    private static SsoSessionStore store(Instant now) {
        return new SsoSessionStore(redis, JSON, PROPERTIES, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Finds the session's key the way an operator would: by the public sid in the stored value. */
    private static String keyOf(SsoSession session) {
        List<String> keys = new ArrayList<>();
        for (String key : redis.keys("yid:sso:*")) {
            String value = redis.opsForValue().get(key);
            if (value != null && value.contains("\"" + session.sid() + "\"")) {
                keys.add(key);
            }
        }
        assertThat(keys).as("keys holding session %s", session.sid()).hasSize(1);
        return keys.get(0);
    }
}
