package cn.yiwang.id.saml;

import static cn.yiwang.id.saml.TestKeys.CERT;
import static cn.yiwang.id.saml.TestKeys.KEYS;
import static cn.yiwang.id.saml.TestKeys.OTHER;
import static cn.yiwang.id.saml.TestKeys.OTHER_CERT;
import static cn.yiwang.id.saml.TestKeys.assertion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class XmlEncryptionTests {

    @Test
    void encryptedAssertionRoundTrips() {
        Document response = SecureXml.newDocument();
        Element root = SamlXml.create(response, SamlNames.PROTOCOL_NS, "Response");
        response.appendChild(root);
        // '@' is outside the Base64 alphabet: random ciphertext cannot contain the name by chance, as it could "bob"
        Element assertion = (Element) response.importNode(assertion("_a2", "bob@example"), true);
        root.appendChild(assertion);
        XmlSignatures.sign(assertion, KEYS.getPrivate(), CERT);
        Element encrypted = XmlEncryption.encrypt(assertion, OTHER_CERT);
        assertThat(SecureXml.toString(response))
                .doesNotContain("bob@example")
                .contains("aes256-gcm")
                .contains("rsa-oaep");
        Element parsed = SecureXml.parse(SecureXml.toBytes(response)).getDocumentElement();
        Element decrypted = XmlEncryption.decrypt(
                SamlXml.child(parsed, SamlNames.ASSERTION_NS, "EncryptedAssertion")
                        .orElseThrow(),
                OTHER.getPrivate());
        assertThat(decrypted.getTextContent()).contains("bob@example");
        assertThat(XmlSignatures.verify(decrypted, List.of(CERT))).isTrue();
        assertThat(encrypted.getLocalName()).isEqualTo("EncryptedAssertion");
        assertThatThrownBy(() -> XmlEncryption.decrypt(
                        SamlXml.child(parsed, SamlNames.ASSERTION_NS, "EncryptedAssertion")
                                .orElseThrow(),
                        KEYS.getPrivate()))
                .isInstanceOf(SamlException.class);
    }
}
