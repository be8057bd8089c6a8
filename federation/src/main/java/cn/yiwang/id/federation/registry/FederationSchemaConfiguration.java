package cn.yiwang.id.federation.registry;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Applies the federation module's schema with its own Flyway history table. */
@Configuration(proxyBeanMethods = false)
public final class FederationSchemaConfiguration {

    /** Bean name that repositories of this module depend on, so they start after the migration. */
    public static final String FLYWAY_BEAN = "federationFlyway";

    @Bean(name = FLYWAY_BEAN, initMethod = "migrate")
    Flyway federationFlyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/federation")
                .table("flyway_history_federation")
                .baselineOnMigrate(true)
                // Other modules share the schema with their own history tables, so it is rarely empty
                // when this runs. With the default baseline version (1) Flyway would mark V1 as
                // applied without running it; baseline below V1 instead.
                .baselineVersion("0")
                .load();
    }
}
