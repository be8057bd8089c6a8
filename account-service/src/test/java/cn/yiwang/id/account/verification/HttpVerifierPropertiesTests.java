package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpVerifierPropertiesTests {

    @Test
    void toStringWhenSecretSetThenHidden() {
        assertThat(properties(URI.create("https://rn.example.gov.cn"), StubRealNameService.SECRET)
                        .toString())
                .doesNotContain(StubRealNameService.SECRET)
                .contains("secret=(set)");
    }

    @Test
    void constructorWhenSecretShortThenRefusedWithoutEchoingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(URI.create("https://rn.example.gov.cn"), "too-short-secret"))
                .withMessageContaining("yiwang.verification.http.secret")
                .withMessageNotContaining("too-short-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rn.example.gov.cn", "ftp://rn.example.gov.cn", "https://rn.example.gov.cn/?a=b"})
    void constructorWhenBaseUrlUnusableThenRefused(String baseUrl) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties(URI.create(baseUrl), StubRealNameService.SECRET))
                .withMessageContaining("yiwang.verification.http.base-url");
    }

    @Test
    void constructorWhenConnectTimeoutLongerThanTimeoutThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new HttpVerifierProperties(
                        true,
                        URI.create("https://rn.example.gov.cn"),
                        "k",
                        StubRealNameService.SECRET,
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(5),
                        3,
                        Duration.ofMillis(100),
                        5,
                        Duration.ofSeconds(30)))
                .withMessageContaining("connect-timeout");
    }

    @Test
    void endpointWhenBaseUrlHasPathOrTrailingSlashThenJoinedOnce() {
        assertThat(properties(URI.create("https://rn.example.gov.cn/gateway/"), StubRealNameService.SECRET)
                        .endpoint())
                .hasToString("https://rn.example.gov.cn/gateway/v1/verifications");
        assertThat(properties(URI.create("https://rn.example.gov.cn"), StubRealNameService.SECRET)
                        .endpoint())
                .hasToString("https://rn.example.gov.cn/v1/verifications");
    }

    private static HttpVerifierProperties properties(URI baseUrl, String secret) {
        return new HttpVerifierProperties(
                true,
                baseUrl,
                "k",
                secret,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(100),
                5,
                Duration.ofSeconds(30));
    }
}
