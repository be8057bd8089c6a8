package cn.yiwang.id.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.yiwang.id.server.test.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.mock.env.MockEnvironment;

class RedisStartupCheckTests {

    @Test
    void checkWhenStandaloneRedisIsDownThenFailureNamesHostAndPort() {
        int deadPort = IntegrationTestSupport.freePort();
        LettuceConnectionFactory connections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", deadPort));
        connections.afterPropertiesSet();
        connections.start();
        try {
            MockEnvironment environment = new MockEnvironment()
                    .withProperty("spring.data.redis.host", "127.0.0.1")
                    .withProperty("spring.data.redis.port", String.valueOf(deadPort));

            RedisStartupCheck.RedisUnreachableException failure = catchThrowableOfType(
                    RedisStartupCheck.RedisUnreachableException.class,
                    () -> RedisStartupCheck.check(connections, environment));

            assertThat(failure.getSetting())
                    .isEqualTo("spring.data.redis.host=127.0.0.1, spring.data.redis.port=" + deadPort);
            FailureAnalysis analysis = new RedisUnreachableFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription())
                    .contains("spring.data.redis.port=" + deadPort)
                    .contains("error:");
        } finally {
            connections.destroy();
        }
    }

    @Test
    void checkWhenNoClusterNodeAnswersThenFailureNamesTheNodesSetting() {
        String nodes =
                "127.0.0.1:" + IntegrationTestSupport.freePort() + ",127.0.0.1:" + IntegrationTestSupport.freePort();
        LettuceConnectionFactory connections =
                new LettuceConnectionFactory(new RedisClusterConfiguration(java.util.List.of(nodes.split(","))));
        connections.afterPropertiesSet();
        connections.start();
        try {
            MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.cluster.nodes", nodes);

            RedisStartupCheck.RedisUnreachableException failure = catchThrowableOfType(
                    RedisStartupCheck.RedisUnreachableException.class,
                    () -> RedisStartupCheck.check(connections, environment));

            assertThat(failure.getSetting()).isEqualTo("spring.data.redis.cluster.nodes=" + nodes);
        } finally {
            connections.destroy();
        }
    }

    @Test
    void describeWhenSentinelOrUrlThenNamesThemWithoutPasswords() {
        assertThat(RedisStartupCheck.describe(new MockEnvironment()
                        .withProperty("spring.data.redis.sentinel.master", "yiwang")
                        .withProperty("spring.data.redis.sentinel.nodes", "s1:26379,s2:26379")))
                .isEqualTo(
                        "spring.data.redis.sentinel.master=yiwang, spring.data.redis.sentinel.nodes=s1:26379,s2:26379");
        assertThat(RedisStartupCheck.describe(new MockEnvironment()
                        .withProperty("spring.data.redis.url", "rediss://user:secret@redis.internal:6380")))
                .isEqualTo("spring.data.redis.url=rediss://***@redis.internal:6380");
    }
}
