package cn.yiwang.id.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.MetadataReader;
import cn.yiwang.id.saml.metadata.MetadataRole;
import cn.yiwang.id.saml.metadata.MetadataWriter;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SamlPrimitivesTests {

    private static final KeyPair KEYS = rsa();

    private static final X509Certificate CERT =
            Certificates.selfSigned(KEYS, "test", Instant.now().minusSeconds(60), Duration.ofDays(1));

    private static final KeyPair OTHER = rsa();

    private static final X509Certificate OTHER_CERT =
            Certificates.selfSigned(OTHER, "other", Instant.now().minusSeconds(60), Duration.ofDays(1));

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

    @Test
    void encryptedAssertionRoundTrips() {
        Document response = SecureXml.newDocument();
        Element root = SamlXml.create(response, SamlNames.PROTOCOL_NS, "Response");
        response.appendChild(root);
        Element assertion = (Element) response.importNode(assertion("_a2", "bob"), true);
        root.appendChild(assertion);
        XmlSignatures.sign(assertion, KEYS.getPrivate(), CERT);
        Element encrypted = XmlEncryption.encrypt(assertion, OTHER_CERT);
        assertThat(SecureXml.toString(response))
                .doesNotContain("bob")
                .contains("aes256-gcm")
                .contains("rsa-oaep");
        Element parsed = SecureXml.parse(SecureXml.toBytes(response)).getDocumentElement();
        Element decrypted = XmlEncryption.decrypt(
                SamlXml.child(parsed, SamlNames.ASSERTION_NS, "EncryptedAssertion")
                        .orElseThrow(),
                OTHER.getPrivate());
        assertThat(decrypted.getTextContent()).contains("bob");
        assertThat(XmlSignatures.verify(decrypted, List.of(CERT))).isTrue();
        assertThat(encrypted.getLocalName()).isEqualTo("EncryptedAssertion");
        assertThatThrownBy(() -> XmlEncryption.decrypt(
                        SamlXml.child(parsed, SamlNames.ASSERTION_NS, "EncryptedAssertion")
                                .orElseThrow(),
                        KEYS.getPrivate()))
                .isInstanceOf(SamlException.class);
    }

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
    void metadataRoundTripsAndVerifies() {
        EntityMetadata idp = new EntityMetadata(
                "https://id.example/saml",
                List.of(new SamlEndpoint(SamlNames.BINDING_REDIRECT, "https://id.example/sso", null, -1, false)),
                List.of(),
                List.of(new SamlEndpoint(SamlNames.BINDING_POST, "https://id.example/slo", null, -1, false)),
                List.of(CERT),
                List.of(OTHER_CERT),
                List.of(SamlNames.NAMEID_PERSISTENT),
                false,
                false,
                true);
        Document document =
                MetadataWriter.write(idp, MetadataRole.IDP, Instant.now().plusSeconds(3600));
        XmlSignatures.sign(document.getDocumentElement(), KEYS.getPrivate(), CERT);
        byte[] bytes = SecureXml.toBytes(document);
        assertThat(XmlSignatures.verify(SecureXml.parse(bytes).getDocumentElement(), List.of(CERT)))
                .isTrue();
        EntityMetadata read = MetadataReader.read(bytes, MetadataRole.IDP);
        assertThat(read.entityId()).isEqualTo(idp.entityId());
        assertThat(read.singleSignOnServices()).isEqualTo(idp.singleSignOnServices());
        assertThat(read.signingCertificates()).containsExactly(CERT);
        assertThat(read.encryptionCertificates()).containsExactly(OTHER_CERT);
        assertThat(read.wantAuthnRequestsSigned()).isTrue();
        assertThatThrownBy(() -> MetadataReader.read(bytes, MetadataRole.SP)).isInstanceOf(SamlException.class);
    }

    private static Element assertion(String id, String name) {
        Document document = SecureXml.newDocument();
        Element assertion = SamlXml.create(document, SamlNames.ASSERTION_NS, "Assertion");
        assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        assertion.setAttributeNS(null, "ID", id);
        assertion.setAttributeNS(null, "Version", "2.0");
        document.appendChild(assertion);
        SamlXml.appendText(assertion, SamlNames.ASSERTION_NS, "Issuer", "https://id.example/saml");
        Element subject = SamlXml.append(assertion, SamlNames.ASSERTION_NS, "Subject");
        SamlXml.appendText(subject, SamlNames.ASSERTION_NS, "NameID", name);
        return assertion;
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
