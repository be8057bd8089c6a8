package cn.yiwang.id.kit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Against the real Redis of the tests ({@code YIWANG_TEST_REDIS_HOST}, {@code YIWANG_TEST_REDIS_PORT}). */
class RedisStateStoreTests {

    private static LettuceConnectionFactory connections;

    private static StringRedisTemplate redis;

    private final RedisStateStore store = new RedisStateStore(redis, "yid:kit-test", 64);

    @BeforeAll
    static void connect() {
        String host = System.getenv().getOrDefault("YIWANG_TEST_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("YIWANG_TEST_REDIS_PORT", "6379"));
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void putWhenRandomKeyThenStoredUnderPrefixWithTtl() {
        String key = this.store.put("pending", "v", Duration.ofSeconds(30));
        assertThat(key).hasSize(32);
        assertThat(redis.opsForValue().get("yid:kit-test:pending:" + key)).isEqualTo("v");
        assertThat(redis.getExpire("yid:kit-test:pending:" + key)).isBetween(1L, 30L);
        assertThat(this.store.put("pending", "v", Duration.ofSeconds(30))).isNotEqualTo(key);
    }

    @Test
    void takeWhenTakenTwiceThenSecondEmpty() {
        this.store.put("state", "s-" + System.nanoTime(), "v", Duration.ofSeconds(30));
        String key = this.store.put("state", "v", Duration.ofSeconds(30));
        assertThat(this.store.peek("state", key)).contains("v");
        assertThat(this.store.take("state", key)).contains("v");
        assertThat(this.store.take("state", key)).isEmpty();
    }

    @Test
    void replaceWhenLivingThenValueReplacedTtlKeptElseNothingCreated() {
        String key = this.store.put("k", "old", Duration.ofSeconds(30));
        this.store.replace("k", key, "new");
        assertThat(this.store.peek("k", key)).contains("new");
        assertThat(redis.getExpire("yid:kit-test:k:" + key)).isBetween(1L, 30L);
        this.store.remove("k", key);
        this.store.replace("k", key, "again");
        assertThat(this.store.peek("k", key)).isEmpty();
    }

    @Test
    void peekWhenKeyEmptyOrTooLongThenEmptyWithoutAsking() {
        assertThat(this.store.peek("k", "")).isEmpty();
        assertThat(this.store.peek("k", null)).isEmpty();
        assertThat(this.store.take("k", "x".repeat(65))).isEmpty();
    }
}
