package cn.yiwang.id.federation.saml;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SecureXml;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A provincial SAML IdP for tests, independent of the production code that builds and signs SAML: its
 * metadata is a text template, its signatures come from the JDK's XML Digital Signature API and its
 * encryption from Santuario's {@code XMLCipher} used directly. Keys are made once per test run.
 */
public final class TestSamlIdp {

    /** The IdP's entity ID. */
    public static final String ENTITY_ID = "https://idp.js.example.gov.cn/saml";

    /** Where it takes AuthnRequests over HTTP-Redirect. */
    public static final String SSO_REDIRECT = "https://idp.js.example.gov.cn/saml/sso/redirect";

    /** Where it takes AuthnRequests over HTTP-POST. */
    public static final String SSO_POST = "https://idp.js.example.gov.cn/saml/sso/post";

    /** Where it takes Single Logout messages over HTTP-Redirect. */
    public static final String SLO_REDIRECT = "https://idp.js.example.gov.cn/saml/slo/redirect";

    /** Where it takes Single Logout messages over HTTP-POST. */
    public static final String SLO_POST = "https://idp.js.example.gov.cn/saml/slo/post";

    /** Where it takes LogoutResponses over HTTP-Redirect, when its metadata names a ResponseLocation. */
    public static final String SLO_RESPONSES = "https://idp.js.example.gov.cn/saml/slo/responses";

    /** The key pair it signs with, published in its metadata. */
    public static final KeyPair KEY = rsa();

    /** Its certificate. */
    public static final X509Certificate CERTIFICATE = Certificates.selfSigned(
            KEY, "idp.js.example.gov.cn", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));

    /** A key pair no metadata lists: what an attacker signs with. */
    public static final KeyPair ROGUE_KEY = rsa();

    /** Its self-signed certificate, which an attacker may put in the message's KeyInfo. */
    public static final X509Certificate ROGUE_CERTIFICATE = Certificates.selfSigned(
            ROGUE_KEY, "idp.js.example.gov.cn", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));

    static {
        org.apache.xml.security.Init.init();
    }

    private TestSamlIdp() {}

    /** @return the IdP's metadata, both SSO bindings and its signing certificate */
    public static String metadataXml() {
        return metadataXml(ENTITY_ID, true, true, CERTIFICATE);
    }

    /**
     * IdP metadata.
     * @param entityId the entity ID
     * @param redirect whether it offers HTTP-Redirect
     * @param post whether it offers HTTP-POST
     * @param signing its signing certificate, or null for none
     * @return the EntityDescriptor
     */
    public static String metadataXml(String entityId, boolean redirect, boolean post, X509Certificate signing) {
        StringBuilder xml = new StringBuilder("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">"
                + "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\""
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">");
        if (signing != null) {
            xml.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
                    .append(Certificates.base64(signing))
                    .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
        }
        xml.append("<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>");
        if (redirect) {
            xml.append("<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
                    + " Location=\"" + SSO_REDIRECT + "\"/>");
        }
        if (post) {
            xml.append("<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
                    + " Location=\"" + SSO_POST + "\"/>");
        }
        return xml.append("</md:IDPSSODescriptor></md:EntityDescriptor>").toString();
    }

    /**
     * IdP metadata with both SSO bindings, its signing certificate, single logout services, an {@code ID} (so that
     * it can be signed) and a {@code validUntil}.
     * @param sloRedirect whether it offers Single Logout over HTTP-Redirect (responses to {@link #SLO_RESPONSES})
     * @param sloPost whether it offers Single Logout over HTTP-POST
     * @param validUntil the document's validUntil, or null for none
     * @return the EntityDescriptor
     */
    public static String metadataXml(boolean sloRedirect, boolean sloPost, Instant validUntil) {
        StringBuilder slo = new StringBuilder();
        if (sloRedirect) {
            slo.append("<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\"")
                    .append(" Location=\"" + SLO_REDIRECT + "\" ResponseLocation=\"" + SLO_RESPONSES + "\"/>");
        }
        if (sloPost) {
            slo.append("<md:SingleLogoutService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"")
                    .append(" Location=\"" + SLO_POST + "\"/>");
        }
        return metadataXml()
                .replace(
                        " entityID=",
                        " ID=\"_md" + Long.toHexString(System.nanoTime()) + "\""
                                + ((validUntil != null) ? " validUntil=\"" + validUntil + "\"" : "") + " entityID=")
                .replace("<md:NameIDFormat>", slo + "<md:NameIDFormat>");
    }

    /**
     * Signs a metadata document as a metadata publisher would: an enveloped signature on its root.
     * @param metadata the document, whose root has an ID
     * @param key the signing key
     * @param certificate the certificate put in KeyInfo
     * @return the signed document
     */
    public static String signMetadata(String metadata, KeyPair key, X509Certificate certificate) {
        Document document = SecureXml.parse(metadata.getBytes(StandardCharsets.UTF_8));
        sign(document.getDocumentElement(), key, certificate);
        return SecureXml.toString(document);
    }

    /**
     * The IdP as the registry holds it, metadata inline.
     * @param alias its alias
     * @param trustLevel the highest level it may assert
     * @return the provider
     */
    public static IdentityProvider identityProvider(String alias, AssuranceLevel trustLevel) {
        return identityProvider(alias, trustLevel, new SamlSettings(null, metadataXml(), Map.of()));
    }

    /**
     * The IdP as the registry holds it.
     * @param alias its alias
     * @param trustLevel the highest level it may assert
     * @param settings its SAML settings
     * @return the provider
     */
    public static IdentityProvider identityProvider(String alias, AssuranceLevel trustLevel, SamlSettings settings) {
        return new IdentityProvider(
                alias,
                "苏服办",
                "Jiangsu",
                "320000",
                IdentityProvider.Protocol.SAML,
                ENTITY_ID,
                null,
                null,
                null,
                List.of(),
                Map.of("name", "cn", "id_number", "idcard", "phone", "mobile"),
                trustLevel,
                true,
                true,
                20,
                null,
                settings);
    }

    /**
     * Signs an element as an IdP would: enveloped, exclusive C14N, RSA-SHA256, the signature right after the
     * element's Issuer, with the signer's certificate in KeyInfo (which the SP must ignore).
     * @param element the Response or Assertion, with an ID
     * @param key the signing key
     * @param certificate the certificate put in KeyInfo
     */
    public static void sign(Element element, KeyPair key, X509Certificate certificate) {
        try {
            element.setIdAttributeNS(null, "ID", true);
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            Reference reference = factory.newReference(
                    "#" + element.getAttribute("ID"),
                    factory.newDigestMethod(DigestMethod.SHA256, null),
                    List.of(
                            factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null,
                    null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null),
                    List.of(reference));
            KeyInfoFactory keys = factory.getKeyInfoFactory();
            KeyInfo keyInfo = keys.newKeyInfo(List.of(keys.newX509Data(List.of(certificate))));
            Node issuer = element.getElementsByTagNameNS(TestSamlResponse.ASSERTION_NS, "Issuer")
                    .item(0);
            Node next = (issuer != null && issuer.getParentNode() == element)
                    ? issuer.getNextSibling()
                    : element.getFirstChild();
            DOMSignContext context = new DOMSignContext(key.getPrivate(), element, next);
            context.setDefaultNamespacePrefix("ds");
            factory.newXMLSignature(signedInfo, keyInfo).sign(context);
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot sign the test fixture", ex);
        }
    }

    /** Signs with the IdP's own key. */
    public static void sign(Element element) {
        sign(element, KEY, CERTIFICATE);
    }

    /**
     * Encrypts the response's assertion to an SP certificate (AES-256-GCM, key transported with RSA-OAEP), as
     * {@code saml:EncryptedAssertion}.
     * @param assertion the Assertion, in its response
     * @param recipient the SP's certificate
     */
    public static void encrypt(Element assertion, X509Certificate recipient) {
        encrypt(assertion, recipient, XMLCipher.RSA_OAEP, XMLCipher.AES_256_GCM);
    }

    /**
     * Encrypts the response's assertion with the given algorithms, as an IdP that chose them would.
     * @param assertion the Assertion, in its response
     * @param recipient the SP's certificate
     * @param keyTransport the key transport algorithm URI, e.g. {@link XMLCipher#RSA_v1dot5}
     * @param content the content encryption algorithm URI, e.g. {@link XMLCipher#AES_256}
     */
    public static void encrypt(Element assertion, X509Certificate recipient, String keyTransport, String content) {
        try {
            Document document = assertion.getOwnerDocument();
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            SecretKey contentKey = generator.generateKey();
            XMLCipher keyCipher = XMLCipher.getInstance(keyTransport);
            keyCipher.init(XMLCipher.WRAP_MODE, recipient.getPublicKey());
            EncryptedKey encryptedKey = keyCipher.encryptKey(document, contentKey);
            Element wrapper = document.createElementNS(TestSamlResponse.ASSERTION_NS, "saml:EncryptedAssertion");
            assertion.getParentNode().replaceChild(wrapper, assertion);
            wrapper.appendChild(assertion);
            XMLCipher cipher = XMLCipher.getInstance(content);
            cipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
            EncryptedData data = cipher.getEncryptedData();
            org.apache.xml.security.keys.KeyInfo keyInfo = new org.apache.xml.security.keys.KeyInfo(document);
            keyInfo.add(encryptedKey);
            data.setKeyInfo(keyInfo);
            cipher.doFinal(document, assertion, false);
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot encrypt the test fixture", ex);
        }
    }

    /**
     * The HTTP-POST form value of a response.
     * @param document the response
     * @return base64 of its bytes
     */
    public static String encode(Document document) {
        return Base64.getEncoder().encodeToString(SecureXml.toBytes(document));
    }

    /**
     * The HTTP-POST form value of a response given as text.
     * @param xml the response
     * @return base64 of its UTF-8 bytes
     */
    public static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
