package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pending login as the caller stores it. */
class PendingUpstreamLoginTests {

    private final PendingUpstreamLogin pending =
            new PendingUpstreamLogin("st-4f1c", "nonce-93ab", "v".repeat(43), "zhejiang", TestClock.START);

    @Test
    void fromJsonWhenWrittenByToJsonThenEqual() {
        String json = this.pending.toJson();

        assertThat(PendingUpstreamLogin.fromJson(json)).isEqualTo(this.pending);
        assertThat(json)
                .isEqualTo("{\"idp\":\"zhejiang\",\"state\":\"st-4f1c\",\"nonce\":\"nonce-93ab\"," + "\"verifier\":\""
                        + "v".repeat(43) + "\",\"at\":1767225600}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{\"idp\":\"zhejiang\"}",
                "{\"idp\":\"zhejiang\",\"state\":\"s\",\"nonce\":\"n\",\"verifier\":\"v\",\"at\":\"yesterday\"}",
                "{\"idp\":\"\",\"state\":\"s\",\"nonce\":\"n\",\"verifier\":\"v\",\"at\":1}"
            })
    void fromJsonWhenNotAPendingLoginThenRefused(String json) {
        assertThatIllegalArgumentException().isThrownBy(() -> PendingUpstreamLogin.fromJson(json));
    }

    @Test
    void toStringWhenPrintedThenNoNonceOrVerifier() {
        assertThat(this.pending.toString())
                .contains("zhejiang")
                .doesNotContain("nonce-93ab")
                .doesNotContain("vvvv");
    }
}
