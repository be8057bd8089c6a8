package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Which verifiers configuration turns on, and the start-ups it refuses. */
class VerificationConfigurationTests {

    private static final String[] HTTP = {
        "yiwang.verification.http.enabled=true",
        "yiwang.verification.http.base-url=https://rn.example.gov.cn/gateway",
        "yiwang.verification.http.key-id=yiwang-test",
        "yiwang.verification.http.secret=" + StubRealNameService.SECRET
    };

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(VerificationConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void startWhenNothingEnabledThenNoVerifiers() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(IdentityVerifier.class);
            assertThat(context.getBean(IdentityVerifiers.class).forCheck(VerificationCheck.NAME_AND_NUMBER))
                    .isEmpty();
        });
    }

    @Test
    void startWhenSandboxEnabledThenSandboxServesBothChecks() {
        this.runner
                .withPropertyValues("yiwang.verification.sandbox.enabled=true")
                .run((context) -> {
                    IdentityVerifiers verifiers = context.getBean(IdentityVerifiers.class);
                    assertThat(verifiers.forCheck(VerificationCheck.NAME_AND_NUMBER))
                            .get()
                            .isInstanceOf(SandboxIdentityVerifier.class);
                    assertThat(verifiers.forCheck(VerificationCheck.FACE_MATCH))
                            .get()
                            .isInstanceOf(SandboxIdentityVerifier.class);
                });
    }

    @Test
    void startWhenSandboxUnderProdProfileThenRefused() {
        this.runner
                .withPropertyValues("yiwang.verification.sandbox.enabled=true")
                .withInitializer((context) -> context.getEnvironment().setActiveProfiles("cn-east", "prod"))
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("prod")
                        .hasMessageContaining("yiwang.verification.sandbox.enabled"));
    }

    @Test
    void startWhenSandboxDisabledUnderProdProfileThenStarts() {
        this.runner
                .withPropertyValues(HTTP)
                .withPropertyValues("yiwang.verification.sandbox.enabled=false")
                .withInitializer((context) -> context.getEnvironment().setActiveProfiles("prod"))
                .run((context) -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(HttpIdentityVerifier.class)
                        .doesNotHaveBean(SandboxIdentityVerifier.class));
    }

    @Test
    void startWhenHttpAndSandboxEnabledThenHttpPreferred() {
        this.runner
                .withPropertyValues(HTTP)
                .withPropertyValues("yiwang.verification.sandbox.enabled=true")
                .run((context) -> {
                    IdentityVerifiers verifiers = context.getBean(IdentityVerifiers.class);
                    assertThat(verifiers.all()).hasSize(2);
                    assertThat(verifiers.forCheck(VerificationCheck.NAME_AND_NUMBER))
                            .get()
                            .isInstanceOf(HttpIdentityVerifier.class)
                            .extracting(IdentityVerifier::id)
                            .isEqualTo("http:rn.example.gov.cn");
                });
    }

    @Test
    void startWhenHttpEnabledThenDefaultsApply() {
        this.runner.withPropertyValues(HTTP).run((context) -> {
            HttpVerifierProperties properties = context.getBean(HttpVerifierProperties.class);
            assertThat(properties.connectTimeout()).hasSeconds(2);
            assertThat(properties.timeout()).hasSeconds(5);
            assertThat(properties.maxAttempts()).isEqualTo(3);
            assertThat(properties.failureThreshold()).isEqualTo(5);
            assertThat(properties.openWait()).hasSeconds(30);
            assertThat(properties.endpoint()).hasToString("https://rn.example.gov.cn/gateway/v1/verifications");
        });
    }

    @Test
    void startWhenHttpEnabledWithoutSecretThenFailureNamesIt() {
        this.runner
                .withPropertyValues(
                        "yiwang.verification.http.enabled=true",
                        "yiwang.verification.http.base-url=https://rn.example.gov.cn",
                        "yiwang.verification.http.key-id=yiwang-test")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.verification.http.secret"));
    }

    @Test
    void startWhenMaxAttemptsZeroThenFailureNamesIt() {
        this.runner
                .withPropertyValues(HTTP)
                .withPropertyValues("yiwang.verification.http.max-attempts=0")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.verification.http.max-attempts"));
    }

    @Test
    void startWhenHttpDisabledThenItsSettingsAreNotChecked() {
        this.runner
                .withPropertyValues(
                        "yiwang.verification.http.enabled=false", "yiwang.verification.http.base-url=not a url")
                .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(HttpIdentityVerifier.class));
    }
}
