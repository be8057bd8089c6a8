package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SamlBindingsAndMetadataTests {

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

    @Test
    void metadataInAnEntitiesDescriptorIsFoundByRoleAndEntityId() {
        String xml = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + "<md:EntityDescriptor entityID=\"https://idp.example\"><md:IDPSSODescriptor "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" "
                + "Location=\"https://idp.example/sso\"/></md:IDPSSODescriptor></md:EntityDescriptor>"
                + "<md:EntityDescriptor entityID=\"https://sp.example\"><md:SPSSODescriptor AuthnRequestsSigned=\"true\" "
                + "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" "
                + "Location=\"https://sp.example/acs\" index=\"3\" isDefault=\"true\"/></md:SPSSODescriptor>"
                + "</md:EntityDescriptor></md:EntitiesDescriptor>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        EntityMetadata sp = MetadataReader.read(bytes, MetadataRole.SP);
        assertThat(sp.entityId()).isEqualTo("https://sp.example");
        assertThat(sp.authnRequestsSigned()).isTrue();
        assertThat(sp.assertionConsumerServices().get(0).index()).isEqualTo(3);
        assertThat(sp.assertionConsumerServices().get(0).isDefault()).isTrue();
        assertThat(MetadataReader.read(bytes, MetadataRole.IDP, "https://idp.example")
                        .singleSignOnService(SamlNames.BINDING_REDIRECT))
                .isPresent();
        assertThatThrownBy(() -> MetadataReader.read(bytes, MetadataRole.IDP, "https://other.example"))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("entity_not_found");
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

    @Test
    void malformedXmlIsNotCalledADtd() {
        assertThatThrownBy(() -> SecureXml.parse("<unclosed>".getBytes(StandardCharsets.UTF_8)))
                .extracting((e) -> ((SamlException) e).reason())
                .isEqualTo("malformed_xml");
    }
}
