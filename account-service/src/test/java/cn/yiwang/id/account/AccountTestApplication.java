package cn.yiwang.id.account;

import cn.yiwang.id.testsupport.LocalInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** The one Spring configuration of this module's integration tests, so the context is cached and shared. */
@SpringBootApplication(scanBasePackages = "cn.yiwang.id.account", proxyBeanMethods = false)
public final class AccountTestApplication {

    // a bean rather than @DynamicPropertySource on each test class: those would split the context cache
    @Bean
    static DynamicPropertyRegistrar localInfrastructure() {
        return LocalInfrastructure::register;
    }

    // the auth-server gets its registry from Actuator; this module only needs somewhere to count
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
