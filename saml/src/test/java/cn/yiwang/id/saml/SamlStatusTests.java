package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SamlStatusTests {

    @Test
    void statusGivesTheMostSpecificCodeAndOnlyPlainWordsAsNames() {
        String response = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:Status>"
                + "<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Responder\"><samlp:StatusCode "
                + "Value=\"urn:oasis:names:tc:SAML:2.0:status:NoPassive\"/></samlp:StatusCode></samlp:Status>"
                + "</samlp:Response>";
        SamlStatus status = SamlStatus.of(SecureXml.parse(response.getBytes(StandardCharsets.UTF_8))
                        .getDocumentElement())
                .orElseThrow();
        assertThat(status.success()).isFalse();
        assertThat(status.codeName()).contains("Responder");
        assertThat(status.detailName()).contains("NoPassive");
        assertThat(new SamlStatus("urn:x:<script>", "urn:x:<script>").detailName())
                .isEmpty();
        assertThat(SamlStatus.of(
                        SecureXml.parse("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"
                                        .getBytes(StandardCharsets.UTF_8))
                                .getDocumentElement()))
                .isEmpty();
    }
}
