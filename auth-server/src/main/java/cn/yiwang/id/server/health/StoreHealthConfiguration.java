package cn.yiwang.id.server.health;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Store timeouts, and the {@code db} and {@code redis} health indicators of the readiness group computed in the
 * background ({@link BackgroundHealth}). The bean names replace Spring Boot's own indicators, which query the store
 * on every probe and so hang with it.
 */
@Configuration(proxyBeanMethods = false)
public class StoreHealthConfiguration {

    @Bean
    public static StoreTimeouts storeTimeouts(ObjectProvider<StoreTimeoutProperties> properties) {
        return new StoreTimeouts(properties);
    }

    @Bean
    public BackgroundHealth dbHealthIndicator(JdbcTemplate jdbc, StoreTimeoutProperties properties, Clock clock) {
        JdbcTemplate probe = new JdbcTemplate(jdbc.getDataSource());
        probe.setQueryTimeout((int) Math.max(1, (properties.healthTimeout().toMillis() + 999) / 1000));
        return new BackgroundHealth(
                "PostgreSQL", () -> probe.queryForObject("SELECT 1", Integer.class), properties, clock);
    }

    @Bean
    public BackgroundHealth redisHealthIndicator(
            RedisConnectionFactory redis, StoreTimeoutProperties properties, Clock clock) {
        return new BackgroundHealth(
                "Redis",
                () -> {
                    try (RedisConnection connection = redis.getConnection()) {
                        connection.ping();
                    }
                },
                properties,
                clock);
    }
}
