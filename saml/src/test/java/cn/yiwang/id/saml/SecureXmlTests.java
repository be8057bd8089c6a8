package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecureXmlTests {

    @Test
    void doctypesAndEntitiesAreRefused() {
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + "<lolz>&lol2;</lolz>";
        String xxe =
                "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>";
        for (String xml : List.of(bomb, xxe)) {
            assertThatThrownBy(() -> SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SamlException.class)
                    .extracting((e) -> ((SamlException) e).reason())
                    .isEqualTo("dtd_not_allowed");
        }
        assertThatThrownBy(() -> SecureXml.parse(new byte[SecureXml.MAX_BYTES + 1]))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("message_too_large");
    }

    @Test
    void deeplyNestedDocumentsAreRefused() {
        String deep = "<a>".repeat(SecureXml.MAX_DEPTH + 1) + "</a>".repeat(SecureXml.MAX_DEPTH + 1);
        assertThatThrownBy(() -> SecureXml.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("too_deep");
        String fine = "<a>".repeat(30) + "</a>".repeat(30);
        assertThat(SecureXml.parse(fine.getBytes(StandardCharsets.UTF_8))
                        .getDocumentElement()
                        .getLocalName())
                .isEqualTo("a");
    }

    @Test
    void malformedXmlIsNotCalledADtd() {
        assertThatThrownBy(() -> SecureXml.parse("<unclosed>".getBytes(StandardCharsets.UTF_8)))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("malformed_xml");
    }
}
