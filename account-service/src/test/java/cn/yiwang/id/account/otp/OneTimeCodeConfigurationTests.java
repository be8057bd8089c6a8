package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import cn.yiwang.id.account.AccountServiceConfiguration;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Which sender starts, and start-up failures for bad {@code yiwang.otp.*} and {@code yiwang.sms.*} settings. */
class OneTimeCodeConfigurationTests {

    private static final String[] HTTP_SETTINGS = {
        "yiwang.sms.sender=http",
        "yiwang.sms.http.base-url=https://sms.example.cn/api",
        "yiwang.sms.http.api-key=test-api-key",
        "yiwang.sms.http.template-id=SMS_OTP_001",
        "yiwang.sms.http.sign-name=一网通办"
    };

    // nothing here talks to Redis: the factory is never started
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(
                    AccountServiceConfiguration.class,
                    OneTimeCodeConfiguration.class,
                    LogOnlySmsSenderConfiguration.class,
                    HttpSmsGatewaySenderConfiguration.class)
            .withBean(SensitiveDataProtector.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(
                    StringRedisTemplate.class,
                    () -> new StringRedisTemplate(new LettuceConnectionFactory(new RedisStandaloneConfiguration())))
            .withPropertyValues(cryptoSettings());

    @Test
    void startWhenSenderNotSetThenLogOnlySenderAndDefaults() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(OneTimeCodes.class);
            assertThat(context).getBean(SmsSender.class).isInstanceOf(LogOnlySmsSender.class);
            assertThat(context.getBean(OneTimeCodeProperties.class)).isEqualTo(OneTimeCodeProperties.defaults());
            assertThat(context.getBean(SmsProperties.class).sender()).isEqualTo(SmsProperties.Sender.LOG);
        });
    }

    @Test
    void startWhenProdAndSenderNotSetThenRefusedNamingTheFix() {
        this.runner
                .withPropertyValues("spring.profiles.active=prod")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("refused under the 'prod' profile")
                        .hasMessageContaining("set yiwang.sms.sender=http"));
    }

    @Test
    void startWhenProdAndSenderLogThenRefused() {
        this.runner
                .withPropertyValues("spring.profiles.active=prod", "yiwang.sms.sender=log")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("'prod' profile"));
    }

    @Test
    void startWhenProdAndSenderHttpThenHttpGatewaySender() {
        this.runner
                .withPropertyValues(HTTP_SETTINGS)
                .withPropertyValues("spring.profiles.active=prod")
                .run((context) -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(LogOnlySmsSender.class);
                    assertThat(context)
                            .getBean(SmsSender.class)
                            .isInstanceOfSatisfying(
                                    HttpSmsGatewaySender.class,
                                    (sender) -> assertThat(sender.endpoint())
                                            .hasToString("https://sms.example.cn/api/v1/sms"));
                });
    }

    @Test
    void startWhenSenderHttpWithoutBaseUrlThenFailureNamesIt() {
        this.runner
                .withPropertyValues(
                        "yiwang.sms.sender=http",
                        "yiwang.sms.http.api-key=k",
                        "yiwang.sms.http.template-id=t",
                        "yiwang.sms.http.sign-name=s")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("yiwang.sms.http.base-url must be set when yiwang.sms.sender=http"));
    }

    @Test
    void startWhenSenderMisspelledThenFailureNamesProperty() {
        this.runner
                .withPropertyValues("yiwang.sms.sender=htp")
                .run((context) -> assertThat(context).getFailure().hasStackTraceContaining("yiwang.sms.sender"));
    }

    @Test
    void startWhenSettingsGivenThenBound() {
        this.runner
                .withPropertyValues(
                        "yiwang.otp.ttl=3m",
                        "yiwang.otp.max-attempts=3",
                        "yiwang.otp.resend-interval=90s",
                        "yiwang.otp.daily-per-phone=5",
                        "yiwang.otp.daily-per-ip=20",
                        "yiwang.otp.code-length=8")
                .run((context) -> assertThat(context.getBean(OneTimeCodeProperties.class))
                        .isEqualTo(
                                new OneTimeCodeProperties(Duration.ofMinutes(3), 3, Duration.ofSeconds(90), 5, 20, 8)));
    }

    @Test
    void startWhenCodeTooShortThenFailureNamesProperty() {
        this.runner
                .withPropertyValues("yiwang.otp.code-length=4")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("yiwang.otp")
                        .hasStackTraceContaining("codeLength"));
    }

    @Test
    void startWhenTtlLongerThanHalfAnHourThenFailureNamesProperty() {
        this.runner
                .withPropertyValues("yiwang.otp.ttl=2h")
                .run((context) -> assertThat(context).getFailure().hasStackTraceContaining("ttl"));
    }

    @Test
    void startWhenResendIntervalLongerThanTtlThenFailureNamesBoth() {
        this.runner
                .withPropertyValues("yiwang.otp.ttl=1m", "yiwang.otp.resend-interval=2m")
                .run((context) -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining(
                                "yiwang.otp.resend-interval (PT2M) must not be longer than yiwang.otp.ttl (PT1M)"));
    }

    @Test
    void constructorWhenResendIntervalLongerThanTtlThenIllegalArgument() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new OneTimeCodeProperties(Duration.ofSeconds(30), 5, Duration.ofSeconds(60), 10, 50, 6))
                .withMessageContaining("yiwang.otp.resend-interval");
    }

    private static String[] cryptoSettings() {
        List<String> settings = new ArrayList<>();
        LocalInfrastructure.testCryptoProperties().forEach((name, value) -> settings.add(name + "=" + value));
        return settings.toArray(String[]::new);
    }
}
