package cn.yiwang.id.saml;

import static cn.yiwang.id.saml.TestKeys.CERT;
import static cn.yiwang.id.saml.TestKeys.KEYS;
import static cn.yiwang.id.saml.TestKeys.OTHER_CERT;
import static cn.yiwang.id.saml.TestKeys.assertion;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class XmlSignaturesTests {

    @Test
    void signedAssertionVerifiesWithTheTrustedCertificateOnly() {
        Element assertion = assertion("_a1", "alice");
        XmlSignatures.sign(assertion, KEYS.getPrivate(), CERT);
        Element reparsed =
                SecureXml.parse(SecureXml.toBytes(assertion.getOwnerDocument())).getDocumentElement();
        assertThat(XmlSignatures.verify(reparsed, List.of(CERT))).isTrue();
        assertThat(XmlSignatures.verify(reparsed, List.of(OTHER_CERT))).isFalse();
        // the signature sits right after Issuer, as the schema wants
        assertThat(SamlXml.elementChildren(reparsed).get(1).getLocalName()).isEqualTo("Signature");
    }

    @Test
    void tamperedContentFails() {
        Element assertion = assertion("_a1", "alice");
        XmlSignatures.sign(assertion, KEYS.getPrivate(), CERT);
        String xml = SecureXml.toString(assertion.getOwnerDocument()).replace(">alice<", ">mallory<");
        Element reparsed = SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        assertThat(XmlSignatures.verify(reparsed, List.of(CERT))).isFalse();
    }

    @Test
    void signatureOverAnotherElementDoesNotCountForThisOne() {
        Element signed = assertion("_signed", "alice");
        XmlSignatures.sign(signed, KEYS.getPrivate(), CERT);
        // an evil assertion carrying a copy of the good signature as its own child
        Document evil =
                SecureXml.parse(SecureXml.toBytes(assertion("_evil", "mallory").getOwnerDocument()));
        Element evilRoot = evil.getDocumentElement();
        Element object = (Element) evil.importNode(signed, true);
        evilRoot.appendChild(evil.importNode(
                SamlXml.child(signed, SamlNames.DSIG_NS, "Signature").orElseThrow(), true));
        assertThat(XmlSignatures.verify(evilRoot, List.of(CERT))).isFalse();
        // the signed element itself, moved elsewhere, still verifies: callers must use the verified element
        evilRoot.appendChild(object);
        assertThat(XmlSignatures.verify(object, List.of(CERT))).isTrue();
        // but a duplicated ID anywhere in the document is refused
        evilRoot.appendChild(evil.importNode(signed, true));
        assertThat(XmlSignatures.verify(object, List.of(CERT))).isFalse();
    }
}
