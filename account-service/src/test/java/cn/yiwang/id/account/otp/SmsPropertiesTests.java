package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsPropertiesTests {

    @Test
    void constructorWhenLogSenderThenHttpSettingsNotNeeded() {
        assertThatNoException().isThrownBy(() -> new SmsProperties(SmsProperties.Sender.LOG, http(null, null)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://sms.example.cn",
                "https://sms.example.cn/gw/",
                "http://127.0.0.1:8080",
                "http://localhost:8080",
                "http://[::1]:8080"
            })
    void constructorWhenHttpsOrLoopbackThenAccepted(String baseUrl) {
        assertThatNoException()
                .isThrownBy(() -> new SmsProperties(SmsProperties.Sender.HTTP, http(URI.create(baseUrl), "key")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://sms.example.cn", "ftp://sms.example.cn", "/v1", "https:///nohost"})
    void constructorWhenNotHttpsOffLoopbackThenRefusedNamingProperty(String baseUrl) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SmsProperties(SmsProperties.Sender.HTTP, http(URI.create(baseUrl), "key")))
                .withMessageContaining("yiwang.sms.http.base-url");
    }

    @Test
    void constructorWhenHttpSenderWithoutSettingsThenEachMissingOneNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SmsProperties(SmsProperties.Sender.HTTP, http(null, "key")))
                .withMessageContaining("yiwang.sms.http.base-url");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new SmsProperties(SmsProperties.Sender.HTTP, http(URI.create("https://sms.example.cn"), " ")))
                .withMessageContaining("yiwang.sms.http.api-key");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SmsProperties(
                        SmsProperties.Sender.HTTP,
                        new SmsProperties.Http(
                                URI.create("https://sms.example.cn"),
                                "key",
                                null,
                                "一网通办",
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(1))))
                .withMessageContaining("yiwang.sms.http.template-id");
    }

    @Test
    void toStringWhenApiKeySetThenHidden() {
        SmsProperties properties = new SmsProperties(
                SmsProperties.Sender.HTTP, http(URI.create("https://sms.example.cn"), "s3cr3t-api-key"));
        assertThat(properties.toString()).doesNotContain("s3cr3t-api-key").contains("apiKey=******");
    }

    private static SmsProperties.Http http(URI baseUrl, String apiKey) {
        return new SmsProperties.Http(
                baseUrl, apiKey, "SMS_123", "一网通办", Duration.ofSeconds(3), Duration.ofSeconds(10));
    }
}
