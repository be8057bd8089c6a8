package cn.yiwang.id.federation.registry;

import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the identity-provider registry's storage and registers its configuration properties. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FederationRegistryProperties.class)
public final class FederationRegistryConfiguration {

    /**
     * The registry's storage, created after the federation schema is migrated.
     * @param jdbc the shared data source
     * @param protector encrypts client secrets
     * @param clock the application's clock when it has exactly one, else the UTC system clock
     * @return the repository
     */
    @Bean
    @DependsOn(FederationSchemaConfiguration.FLYWAY_BEAN)
    public JdbcIdentityProviderRepository identityProviderRepository(
            JdbcClient jdbc, SensitiveDataProtector protector, ObjectProvider<Clock> clock) {
        // the auth-server defines a Clock bean and this module's own context does not: take it when there
        return new JdbcIdentityProviderRepository(jdbc, protector, clock.getIfUnique(Clock::systemUTC));
    }
}
