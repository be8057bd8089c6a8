package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class SamlXmlTests {

    private static final String XML = "<samlp:Response xmlns:samlp=\"" + SamlNames.PROTOCOL_NS + "\" xmlns:saml=\""
            + SamlNames.ASSERTION_NS + "\" ID=\"_r\"><saml:Issuer> https://idp.example </saml:Issuer>"
            + "<saml:Assertion ID=\"_a\"/><saml:Assertion ID=\"_b\"/><other:Assertion xmlns:other=\"urn:other\"/>"
            + "</samlp:Response>";

    private static Element root() {
        return SecureXml.parse(XML.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }

    @Test
    void childrenWhenNamespaceAndNameThenOnlyThoseDirectChildren() {
        assertThat(SamlXml.children(root(), SamlNames.ASSERTION_NS, "Assertion"))
                .extracting((e) -> e.getAttribute("ID"))
                .containsExactly("_a", "_b");
        assertThat(SamlXml.elementChildren(root())).hasSize(4);
        assertThat(SamlXml.child(root(), SamlNames.PROTOCOL_NS, "Status")).isEmpty();
    }

    @Test
    void childTextWhenPaddedThenTrimmed() {
        assertThat(SamlXml.childText(root(), SamlNames.ASSERTION_NS, "Issuer")).contains("https://idp.example");
    }

    @Test
    void isWhenSameLocalNameInAnotherNamespaceThenFalse() {
        Element other = SamlXml.elementChildren(root()).get(3);
        assertThat(SamlXml.is(other, SamlNames.ASSERTION_NS, "Assertion")).isFalse();
        assertThat(SamlXml.is(root(), SamlNames.PROTOCOL_NS, "Response")).isTrue();
    }

    @Test
    void appendTextWhenBuildingThenReadBack() {
        Element assertion = TestKeys.assertion("_x", "alice");
        assertThat(SamlXml.childText(assertion, SamlNames.ASSERTION_NS, "Issuer"))
                .contains("https://id.example/saml");
        assertThat(SamlXml.attribute(assertion, "ID")).contains("_x");
        assertThat(SamlXml.attribute(assertion, "Missing")).isEmpty();
    }
}
