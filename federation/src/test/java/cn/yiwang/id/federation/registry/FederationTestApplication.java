package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.saml.ServiceProviderCredentials;
import cn.yiwang.id.federation.saml.TestServiceProvider;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.method.annotation.AuthenticationPrincipalArgumentResolver;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The one Spring configuration of this module's integration tests, so the context is cached and shared. */
@SpringBootApplication(
        scanBasePackages = {"cn.yiwang.id.federation", "cn.yiwang.id.account"},
        proxyBeanMethods = false)
public final class FederationTestApplication {

    /** A bootstrap file that never exists: bootstrap tests give their own files. */
    static final String NO_BOOTSTRAP_FILE = "classpath:cn/yiwang/id/federation/registry/no-such-file.yml";

    // a bean rather than @DynamicPropertySource on each test class: those would split the context cache
    @Bean
    static DynamicPropertyRegistrar localInfrastructure() {
        return (registry) -> {
            LocalInfrastructure.register(registry);
            registry.add("yiwang.federation.identity-providers-file", () -> NO_BOOTSTRAP_FILE);
        };
    }

    // the auth-server provides our SAML SP keys; here, test keys
    @Bean
    ServiceProviderCredentials serviceProviderCredentials() {
        return new TestServiceProvider();
    }

    // the auth-server gets its registry from Actuator; the account module only needs somewhere to count
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    // the auth-server writes these to its audit trail; here they are kept in memory to be checked
    @Bean
    RecordingIdentityProviderAudit identityProviderAudit() {
        return new RecordingIdentityProviderAudit();
    }

    // the auth-server's Spring Security configuration registers this; here there is no security filter
    // chain, and tests put the administrator's token in the SecurityContextHolder themselves
    @Bean
    WebMvcConfigurer authenticationPrincipal() {
        return new WebMvcConfigurer() {

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new AuthenticationPrincipalArgumentResolver());
            }
        };
    }
}
