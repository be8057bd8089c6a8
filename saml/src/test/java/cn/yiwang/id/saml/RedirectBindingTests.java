package cn.yiwang.id.saml;

import static cn.yiwang.id.saml.TestKeys.CERT;
import static cn.yiwang.id.saml.TestKeys.KEYS;
import static cn.yiwang.id.saml.TestKeys.OTHER_CERT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectBindingTests {

    @Test
    void redirectBindingSignsTheQueryAsSent() {
        byte[] xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r\"/>"
                .getBytes(StandardCharsets.UTF_8);
        String query = RedirectBinding.signedQuery("SAMLRequest", xml, "state 1/2", KEYS.getPrivate());
        assertThat(RedirectBinding.verifyQuery(query, List.of(CERT))).isTrue();
        assertThat(RedirectBinding.verifyQuery(query, List.of(OTHER_CERT))).isFalse();
        assertThat(RedirectBinding.verifyQuery(query.replace("RelayState=state", "RelayState=xtate"), List.of(CERT)))
                .isFalse();
        Map<String, String> raw = RedirectBinding.rawParameters(query);
        assertThat(RedirectBinding.decode(RedirectBinding.urlDecode(raw.get("SAMLRequest"))))
                .isEqualTo(xml);
    }

    @Test
    void inflationStopsAtTheLimit() {
        byte[] big = new byte[SecureXml.MAX_BYTES * 4];
        String bomb = RedirectBinding.encode(big);
        assertThatThrownBy(() -> RedirectBinding.decode(bomb))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("message_too_large");
    }

    @Test
    void repeatedSamlParametersAreRefused() {
        assertThatThrownBy(() -> RedirectBinding.rawParameters("SAMLRequest=a&SAMLRequest=b"))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("duplicate_parameter");
        assertThat(RedirectBinding.rawParameters("SAMLRequest=a&lang=en&lang=zh"))
                .containsEntry("lang", "en");
    }

    @Test
    void unsignedOrSha1QueriesDoNotVerify() {
        assertThat(RedirectBinding.verifyQuery("SAMLRequest=abc", java.util.List.of()))
                .isFalse();
        String sha1 = "SAMLRequest=abc&SigAlg="
                + RedirectBinding.urlEncode("http://www.w3.org/2000/09/xmldsig#rsa-sha1") + "&Signature=AAAA";
        assertThat(RedirectBinding.isSigned(sha1)).isTrue();
        assertThat(RedirectBinding.verifyQuery(sha1, java.util.List.of())).isFalse();
    }
}
