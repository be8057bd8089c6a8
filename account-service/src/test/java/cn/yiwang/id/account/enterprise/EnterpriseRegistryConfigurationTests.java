package cn.yiwang.id.account.enterprise;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which enterprise registries configuration turns on, and the start-ups it refuses. */
class EnterpriseRegistryConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(EnterpriseRegistryConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void startWhenNothingEnabledThenNoRegistry() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EnterpriseRegistry.class));
    }

    @Test
    void startWhenSandboxEnabledThenSandbox() {
        this.runner
                .withPropertyValues("yiwang.enterprise.registry.sandbox.enabled=true")
                .run((context) -> assertThat(context).hasSingleBean(SandboxEnterpriseRegistry.class));
    }

    @Test
    void startWhenSandboxUnderProdProfileThenRefused() {
        this.runner
                .withPropertyValues("yiwang.enterprise.registry.sandbox.enabled=true")
                .withInitializer((context) -> context.getEnvironment().setActiveProfiles("prod"))
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("yiwang.enterprise.registry.sandbox.enabled"));
    }

    @Test
    void startWhenHttpEnabledWithoutSecretThenRefusedNamingTheProperty() {
        this.runner
                .withPropertyValues(
                        "yiwang.enterprise.registry.http.enabled=true",
                        "yiwang.enterprise.registry.http.base-url=https://registry.example.gov.cn",
                        "yiwang.enterprise.registry.http.key-id=k")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.enterprise.registry.http.secret"));
    }
}
