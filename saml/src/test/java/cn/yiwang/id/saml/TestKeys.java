package cn.yiwang.id.saml;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Keys, certificates and a small assertion shared by the tests of this module. */
public final class TestKeys {

    public static final KeyPair KEYS = rsa();

    public static final X509Certificate CERT =
            Certificates.selfSigned(KEYS, "test", Instant.now().minusSeconds(60), Duration.ofDays(1));

    public static final KeyPair OTHER = rsa();

    public static final X509Certificate OTHER_CERT =
            Certificates.selfSigned(OTHER, "other", Instant.now().minusSeconds(60), Duration.ofDays(1));

    private TestKeys() {}

    /** An unsigned assertion with an Issuer and a NameID. */
    public static Element assertion(String id, String name) {
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
