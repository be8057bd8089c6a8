package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PostBindingTests {

    @Test
    void postFormEscapesWhatItEchoes() {
        String html = PostBinding.form(
                "https://sp.example/acs?a=1&b=\"2\"",
                "SAMLResponse",
                "<x/>".getBytes(StandardCharsets.UTF_8),
                "\"><script>alert(1)</script>",
                "n0nce");
        assertThat(html)
                .doesNotContain("<script>alert")
                .contains("&quot;&gt;&lt;script&gt;")
                .contains("action=\"https://sp.example/acs?a=1&amp;b=&quot;2&quot;\"")
                .contains(
                        "value=\"" + Base64.getEncoder().encodeToString("<x/>".getBytes(StandardCharsets.UTF_8)) + "\"")
                .contains("<script nonce=\"n0nce\">");
    }

    @Test
    void postDecodingRefusesNonBase64AndEmptyMessages() {
        assertThatThrownBy(() -> PostBinding.decode(""))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("empty_message");
        assertThat(PostBinding.decode("PHgv\r\nPg==")).isEqualTo("<x/>".getBytes(StandardCharsets.UTF_8));
    }
}
