package cn.yiwang.id.server.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.saml.SecureXml;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;

/** The subject an AuthnRequest names: a plain NameID of ours, or an unknown principal. */
class RequestedSubjectTests {

    private static final String IDP = "https://id.yiwang.gov.cn/saml2/idp/metadata";

    private static final String SP = "https://portal.example.gov.cn/saml/metadata";

    @Test
    void readWhenNoSubjectThenEmpty() {
        assertThat(RequestedSubject.read(request(""), IDP, SP)).isEmpty();
    }

    @Test
    void readWhenPlainNameIdWithOurQualifiersThenValueAndFormat() {
        String subject = "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\""
                + " NameQualifier=\"" + IDP + "\" SPNameQualifier=\"" + SP + "\"> abc </saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"/></saml:Subject>";

        assertThat(RequestedSubject.read(request(subject), IDP, SP))
                .contains(new RequestedSubject("abc", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<saml:Subject><saml:EncryptedID><x/></saml:EncryptedID></saml:Subject>",
                "<saml:Subject><saml:BaseID/></saml:Subject>",
                "<saml:Subject><saml:NameID>a<!-- b -->c</saml:NameID></saml:Subject>",
                "<saml:Subject><saml:NameID>  </saml:NameID></saml:Subject>",
                "<saml:Subject><saml:NameID NameQualifier=\"https://other.example\">a</saml:NameID></saml:Subject>",
                "<saml:Subject><saml:NameID SPNameQualifier=\"https://other.example\">a</saml:NameID></saml:Subject>",
                "<saml:Subject><saml:NameID>a</saml:NameID></saml:Subject><saml:Subject><saml:NameID>b</saml:NameID>"
                        + "</saml:Subject>"
            })
    void readWhenSubjectCannotBeOneOfOursThenUnknown(String subject) {
        assertThatExceptionOfType(RequestedSubject.Unknown.class)
                .isThrownBy(() -> RequestedSubject.read(request(subject), IDP, SP));
    }

    private static Element request(String subject) {
        String xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\">"
                + "<saml:Issuer>" + SP + "</saml:Issuer>" + subject + "</samlp:AuthnRequest>";
        return SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
    }
}
