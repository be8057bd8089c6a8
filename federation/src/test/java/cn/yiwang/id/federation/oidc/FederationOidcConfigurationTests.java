package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Spring wiring, its defaults and the start-ups it refuses. */
class FederationOidcConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(FederationOidcConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            // never connected here: the replay store only needs a template to exist
            .withBean(StringRedisTemplate.class, () -> new StringRedisTemplate(new LettuceConnectionFactory()));

    @Test
    void startWhenNothingConfiguredThenBeansWithDefaults() {
        this.runner.run((context) -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(UpstreamAuthorization.class)
                    .hasSingleBean(UpstreamCallback.class)
                    .hasSingleBean(UpstreamDiscovery.class)
                    .hasSingleBean(UpstreamEndSession.class)
                    .hasSingleBean(UpstreamLogoutTokenValidator.class)
                    .hasSingleBean(RelyingPartyKey.class);
            FederationOidcProperties properties = context.getBean(FederationOidcProperties.class);
            assertThat(properties).isEqualTo(FederationOidcProperties.defaults());
            assertThat(context.getBean(RelyingPartyKey.class).isConfigured()).isFalse();
        });
    }

    @Test
    void startWhenPropertiesSetThenBound() throws Exception {
        String jwk = new RSAKeyGenerator(2048).keyID("yiwang-rp").generate().toJSONString();
        this.runner
                .withPropertyValues(
                        "yiwang.federation.oidc.connect-timeout=1s",
                        "yiwang.federation.oidc.request-timeout=3s",
                        "yiwang.federation.oidc.failure-threshold=7",
                        "yiwang.federation.oidc.clock-skew=30s",
                        "yiwang.federation.oidc.private-key-jwt.jwk=" + jwk,
                        "yiwang.federation.oidc.private-key-jwt.audience=issuer")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    FederationOidcProperties properties = context.getBean(FederationOidcProperties.class);
                    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(properties.failureThreshold()).isEqualTo(7);
                    assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(properties.privateKeyJwt().audience())
                            .isEqualTo(FederationOidcProperties.PrivateKeyJwt.Audience.ISSUER);
                    assertThat(properties.toString()).doesNotContain(jwk);
                    assertThat(context.getBean(RelyingPartyKey.class).isConfigured())
                            .isTrue();
                });
    }

    @Test
    void startWhenClockBeanPresentThenItIsUsed() {
        TestClock clock = new TestClock();
        this.runner.withBean(Clock.class, () -> clock).run((context) -> {
            assertThat(context).hasNotFailed();
            String assertion = new RelyingPartyKey(
                            new FederationOidcProperties.PrivateKeyJwt(
                                    new RSAKeyGenerator(2048)
                                            .keyID("k")
                                            .generate()
                                            .toJSONString(),
                                    FederationOidcProperties.PrivateKeyJwt.Audience.ISSUER,
                                    Duration.ofSeconds(60)),
                            clock)
                    .assertion("c", "a");
            assertThat(com.nimbusds.jwt.SignedJWT.parse(assertion)
                            .getJWTClaimsSet()
                            .getIssueTime()
                            .toInstant())
                    .isEqualTo(TestClock.START);
        });
    }

    @Test
    void startWhenConnectTimeoutLongerThanRequestTimeoutThenRefused() {
        this.runner
                .withPropertyValues(
                        "yiwang.federation.oidc.connect-timeout=10s", "yiwang.federation.oidc.request-timeout=5s")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.federation.oidc.connect-timeout"));
    }

    @Test
    void startWhenFailureThresholdZeroThenRefused() {
        this.runner
                .withPropertyValues("yiwang.federation.oidc.failure-threshold=0")
                .run((context) -> assertThat(context).hasFailed());
    }

    @Test
    void startWhenPrivateKeyNotAKeyThenRefusedNamingTheProperty() {
        this.runner
                .withPropertyValues("yiwang.federation.oidc.private-key-jwt.jwk={\"kty\":\"RSA\"}")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("yiwang.federation.oidc.private-key-jwt.jwk"));
    }
}
