package cn.yiwang.id.server.health;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies {@link StoreTimeoutProperties} to the connection pool and to the {@link JdbcTemplate} (which the
 * application's {@code JdbcClient} uses), whatever else configures them: a request that needs PostgreSQL while it
 * is gone waits at most the connection timeout, then gets 503. Flyway keeps no statement timeout, so a long
 * migration is not cut short.
 */
public final class StoreTimeouts implements BeanPostProcessor {

    private final ObjectProvider<StoreTimeoutProperties> properties;

    public StoreTimeouts(ObjectProvider<StoreTimeoutProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            long connection = this.properties.getObject().connectionTimeout().toMillis();
            pool.setConnectionTimeout(connection);
            // Hikari: at least 250 ms and below the connection timeout
            pool.setValidationTimeout(Math.max(250, Math.min(1000, connection / 2)));
        } else if (bean instanceof JdbcTemplate template) {
            long millis = this.properties.getObject().statementTimeout().toMillis();
            template.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
        }
        return bean;
    }
}
