package cn.yiwang.id.server.config;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auth-server's own tables (clients, consents, signing keys), migrated with their own history table. */
@Configuration(proxyBeanMethods = false)
public class AuthServerSchemaConfiguration {

    @Bean(initMethod = "migrate")
    public Flyway authServerFlyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/authserver")
                .table("flyway_history_authserver")
                // The schema is shared with other modules, so it is never empty: baseline below V1 so V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
