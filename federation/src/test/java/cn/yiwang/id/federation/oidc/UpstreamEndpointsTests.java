package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL rules of upstream calls. */
class UpstreamEndpointsTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://tongban.zjzwfw.gov.cn/oidc",
                "http://127.0.0.1:8080/zhejiang",
                "http://localhost/zhejiang",
                "http://[::1]:9000/op"
            })
    void acceptableWhenHttpsOrLoopbackThenTrue(String url) {
        assertThat(UpstreamEndpoints.acceptable(URI.create(url))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://tongban.zjzwfw.gov.cn/oidc",
                "ftp://127.0.0.1/op",
                "/relative/path",
                "https://tongban.zjzwfw.gov.cn/oidc#fragment"
            })
    void acceptableWhenPlainHttpElsewhereOrNotAbsoluteThenFalse(String url) {
        assertThat(UpstreamEndpoints.acceptable(URI.create(url))).isFalse();
    }

    @Test
    void discoveryWhenIssuerEndsWithSlashThenSlashRemovedFirst() {
        assertThat(UpstreamEndpoints.discovery("https://zwfw.sh.gov.cn/oidc/"))
                .isEqualTo(URI.create("https://zwfw.sh.gov.cn/oidc/.well-known/openid-configuration"));
        assertThat(UpstreamEndpoints.discovery("https://zwfw.sh.gov.cn"))
                .isEqualTo(URI.create("https://zwfw.sh.gov.cn/.well-known/openid-configuration"));
    }

    @Test
    void withQueryWhenValuesNeedEncodingThenFormEncodedAndNullsLeftOut() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("redirect_uri", "https://id.yiwang.gov.cn/cb?x=1&y=2");
        parameters.put("state", null);
        parameters.put("ui_locales", "zh-CN en");

        URI uri = UpstreamEndpoints.withQuery(URI.create("https://tongban.zjzwfw.gov.cn/authorize"), parameters);

        assertThat(uri.toString())
                .isEqualTo("https://tongban.zjzwfw.gov.cn/authorize"
                        + "?redirect_uri=https%3A%2F%2Fid.yiwang.gov.cn%2Fcb%3Fx%3D1%26y%3D2&ui_locales=zh-CN+en");
    }
}
