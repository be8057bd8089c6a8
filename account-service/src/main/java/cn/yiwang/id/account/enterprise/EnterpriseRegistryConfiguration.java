package cn.yiwang.id.account.enterprise;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Registers the enterprise registries that configuration turns on:
 * {@code yiwang.enterprise.registry.sandbox.enabled} and {@code yiwang.enterprise.registry.http.enabled}.
 */
@Configuration(proxyBeanMethods = false)
public final class EnterpriseRegistryConfiguration {

    /** The sandbox registry; refuses to start in production. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("yiwang.enterprise.registry.sandbox.enabled")
    static final class SandboxRegistryConfiguration {

        SandboxRegistryConfiguration(Environment environment) {
            // made-up enterprises would be accepted as real legal persons: fail the start, loudly
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("yiwang.enterprise.registry.sandbox.enabled=true under the 'prod' "
                        + "profile: the sandbox registry knows synthetic enterprises and must never run in production; "
                        + "configure yiwang.enterprise.registry.http.* instead");
            }
        }

        @Bean
        SandboxEnterpriseRegistry sandboxEnterpriseRegistry() {
            return new SandboxEnterpriseRegistry();
        }
    }

    /** The registry over HTTP. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("yiwang.enterprise.registry.http.enabled")
    @EnableConfigurationProperties(HttpEnterpriseRegistryProperties.class)
    static final class HttpRegistryConfiguration {

        @Bean
        HttpEnterpriseRegistry httpEnterpriseRegistry(
                HttpEnterpriseRegistryProperties properties, MeterRegistry meters, ObjectProvider<Clock> clock) {
            return new HttpEnterpriseRegistry(properties, meters, clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
