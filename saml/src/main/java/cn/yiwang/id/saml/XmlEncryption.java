package cn.yiwang.id.saml;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.apache.xml.security.Init;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.encryption.XMLEncryptionException;
import org.apache.xml.security.keys.KeyInfo;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Encrypted assertions (SAML core §2.3.4): AES-256-GCM content, its key transported with RSA-OAEP
 * to the recipient's certificate; and their decryption, whose plaintext goes back through
 * {@link SecureXml} like any other input.
 */
public final class XmlEncryption {

    static {
        Init.init();
    }

    private XmlEncryption() {}

    /** Replaces the assertion in its document by a {@code saml:EncryptedAssertion} and returns the latter. */
    public static Element encrypt(Element assertion, X509Certificate recipient) {
        Document document = assertion.getOwnerDocument();
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            SecretKey contentKey = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
            keyCipher.init(XMLCipher.WRAP_MODE, recipient.getPublicKey());
            EncryptedKey encryptedKey = keyCipher.encryptKey(document, contentKey);

            Element wrapper = SamlXml.create(document, SamlNames.ASSERTION_NS, "EncryptedAssertion");
            assertion.getParentNode().replaceChild(wrapper, assertion);
            wrapper.appendChild(assertion);

            XMLCipher cipher = XMLCipher.getInstance(XMLCipher.AES_256_GCM);
            cipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
            EncryptedData data = cipher.getEncryptedData();
            KeyInfo keyInfo = new KeyInfo(document);
            keyInfo.add(encryptedKey);
            data.setKeyInfo(keyInfo);
            cipher.doFinal(document, assertion, false);
            return wrapper;
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot encrypt the assertion", ex);
        }
    }

    /**
     * Decrypts a {@code saml:EncryptedAssertion} with our private key and returns the assertion as the
     * root of a new document, parsed as safely as a message.
     */
    public static Element decrypt(Element encryptedAssertion, PrivateKey key) {
        Element data = SamlXml.child(encryptedAssertion, SamlNames.XENC_NS, "EncryptedData")
                .orElseThrow(
                        () -> new SamlException("encrypted_data_missing", "No EncryptedData in EncryptedAssertion"));
        byte[] plain;
        try {
            XMLCipher cipher = XMLCipher.getInstance();
            cipher.init(XMLCipher.DECRYPT_MODE, null);
            cipher.setKEK(key);
            Element encryptedKey = SamlXml.child(encryptedAssertion, SamlNames.XENC_NS, "EncryptedKey")
                    .orElse(null);
            if (encryptedKey != null) {
                // Some IdPs put the EncryptedKey beside EncryptedData instead of inside its KeyInfo.
                EncryptedData encryptedData = cipher.loadEncryptedData(data.getOwnerDocument(), data);
                XMLCipher keyCipher = XMLCipher.getInstance();
                keyCipher.init(XMLCipher.UNWRAP_MODE, key);
                EncryptedKey loaded = keyCipher.loadEncryptedKey(data.getOwnerDocument(), encryptedKey);
                java.security.Key contentKey = keyCipher.decryptKey(
                        loaded, encryptedData.getEncryptionMethod().getAlgorithm());
                XMLCipher contentCipher = XMLCipher.getInstance();
                contentCipher.init(XMLCipher.DECRYPT_MODE, contentKey);
                plain = contentCipher.decryptToByteArray(data);
            } else {
                plain = cipher.decryptToByteArray(data);
            }
        } catch (XMLEncryptionException | RuntimeException ex) {
            throw new SamlException("decryption_failed", "The encrypted assertion cannot be decrypted", ex);
        }
        Element root = parseInContext(plain, encryptedAssertion);
        if (!SamlXml.is(root, SamlNames.ASSERTION_NS, "Assertion")) {
            throw new SamlException("not_an_assertion", "The encrypted content is not a single assertion");
        }
        return root;
    }

    /** The plaintext may use prefixes declared around the encrypted element; re-declare them on a wrapper. */
    private static Element parseInContext(byte[] plain, Element context) {
        Map<String, String> namespaces = new LinkedHashMap<>();
        for (Node node = context; node instanceof Element element; node = node.getParentNode()) {
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if ("http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI())) {
                    namespaces.putIfAbsent(attribute.getName(), attribute.getValue());
                }
            }
        }
        String text = new String(plain, StandardCharsets.UTF_8).strip();
        if (text.startsWith("<?xml")) {
            text = text.substring(text.indexOf("?>") + 2);
        }
        StringBuilder wrapped = new StringBuilder("<w");
        namespaces.forEach((name, value) -> wrapped.append(' ')
                .append(name)
                .append("=\"")
                .append(value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;"))
                .append('"'));
        wrapped.append('>').append(text).append("</w>");
        Document parsed = SecureXml.parse(wrapped.toString().getBytes(StandardCharsets.UTF_8));
        java.util.List<Element> elements = SamlXml.elementChildren(parsed.getDocumentElement());
        if (elements.size() != 1) {
            throw new SamlException("not_an_assertion", "The encrypted content is not a single element");
        }
        Document own = SecureXml.newDocument();
        Element imported = (Element) own.importNode(elements.get(0), true);
        own.appendChild(imported);
        for (Map.Entry<String, String> namespace : namespaces.entrySet()) {
            if (!imported.hasAttribute(namespace.getKey())) {
                imported.setAttributeNS("http://www.w3.org/2000/xmlns/", namespace.getKey(), namespace.getValue());
            }
        }
        return imported;
    }
}
