package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One SAML response on its way through the rules: what it is checked against (set once), and what the rules
 * establish as they go (the parsed document, the one assertion, which signature held, what the assertion says).
 * Lives for one validation, on one thread.
 */
final class SamlResponseCheck {

    private final String encodedResponse;

    private final EntityMetadata idp;

    private final SamlServiceProvider sp;

    private final String requestId;

    private final List<PrivateKey> decryptionKeys;

    private final boolean legacyCbcAllowed;

    private String legacyCbcUsed;

    private final Instant now;

    private final Duration clockSkew;

    private final int maxBytes;

    private Document document;

    private Element response;

    private Element selected;

    private Element assertion;

    private boolean responseVerified;

    private boolean assertionVerified;

    private Instant expiry;

    private String nameId;

    private SamlNameId samlNameId;

    private String sessionIndex;

    private String authnContextClassRef;

    private final Map<String, Object> attributes = new LinkedHashMap<>();

    /**
     * @param encodedResponse the {@code SAMLResponse} form value, base64
     * @param idp the IdP's metadata: entity ID and signing certificates
     * @param sp who we are
     * @param requestId the ID of our pending AuthnRequest
     * @param decryptionKeys our keys for encrypted assertions, the active one first
     * @param legacyCbcAllowed whether the IdP is flagged {@code legacy-cbc}
     * @param now the current time
     * @param clockSkew the tolerance on times
     * @param maxBytes the largest decoded message
     */
    SamlResponseCheck(
            String encodedResponse,
            EntityMetadata idp,
            SamlServiceProvider sp,
            String requestId,
            List<PrivateKey> decryptionKeys,
            boolean legacyCbcAllowed,
            Instant now,
            Duration clockSkew,
            int maxBytes) {
        this.encodedResponse = encodedResponse;
        this.idp = idp;
        this.sp = sp;
        this.requestId = requestId;
        this.decryptionKeys = List.copyOf(decryptionKeys);
        this.legacyCbcAllowed = legacyCbcAllowed;
        this.now = now;
        this.clockSkew = clockSkew;
        this.maxBytes = maxBytes;
    }

    String encodedResponse() {
        return this.encodedResponse;
    }

    EntityMetadata idp() {
        return this.idp;
    }

    /** @return the certificates the IdP's metadata lists for signing: the only keys trusted */
    List<java.security.cert.X509Certificate> trustedCertificates() {
        return this.idp.signingCertificates();
    }

    SamlServiceProvider sp() {
        return this.sp;
    }

    String requestId() {
        return this.requestId;
    }

    List<PrivateKey> decryptionKeys() {
        return this.decryptionKeys;
    }

    boolean legacyCbcAllowed() {
        return this.legacyCbcAllowed;
    }

    /** @return the AES-CBC algorithm the encrypted assertion used, under the {@code legacy-cbc} flag, or null */
    String legacyCbcUsed() {
        return this.legacyCbcUsed;
    }

    void legacyCbcUsed(String algorithm) {
        this.legacyCbcUsed = algorithm;
    }

    Instant now() {
        return this.now;
    }

    Duration clockSkew() {
        return this.clockSkew;
    }

    int maxBytes() {
        return this.maxBytes;
    }

    Document document() {
        return this.document;
    }

    void document(Document parsed) {
        this.document = parsed;
        this.response = parsed.getDocumentElement();
    }

    /** @return the {@code samlp:Response}, the document's root */
    Element response() {
        return this.response;
    }

    /** @return the response's one direct {@code Assertion} or {@code EncryptedAssertion} child */
    Element selected() {
        return this.selected;
    }

    void selected(Element element) {
        this.selected = element;
    }

    /** @return the assertion every later rule reads: the selected one, decrypted when it was encrypted */
    Element assertion() {
        return this.assertion;
    }

    void assertion(Element element) {
        this.assertion = element;
    }

    boolean responseVerified() {
        return this.responseVerified;
    }

    void responseVerified(boolean verified) {
        this.responseVerified = verified;
    }

    boolean assertionVerified() {
        return this.assertionVerified;
    }

    void assertionVerified(boolean verified) {
        this.assertionVerified = verified;
    }

    /** @return the latest time the assertion may be used, for the replay cache's TTL */
    Instant expiry() {
        return this.expiry;
    }

    /** Notes a time after which the assertion is not accepted; the latest one wins. */
    void noteExpiry(Instant notOnOrAfter) {
        if (this.expiry == null || notOnOrAfter.isAfter(this.expiry)) {
            this.expiry = notOnOrAfter;
        }
    }

    String nameId() {
        return this.nameId;
    }

    void nameId(String value) {
        this.nameId = value;
    }

    SamlNameId samlNameId() {
        return this.samlNameId;
    }

    void samlNameId(SamlNameId value) {
        this.samlNameId = value;
    }

    String sessionIndex() {
        return this.sessionIndex;
    }

    void sessionIndex(String value) {
        this.sessionIndex = value;
    }

    String authnContextClassRef() {
        return this.authnContextClassRef;
    }

    void authnContextClassRef(String value) {
        this.authnContextClassRef = value;
    }

    /** @return attribute {@code Name} → its single plain-text value */
    Map<String, Object> attributes() {
        return this.attributes;
    }

    /**
     * A time attribute.
     * @param element the element
     * @param name the attribute
     * @return the instant, or {@code null} when absent
     * @throws SamlRejection {@code saml-invalid-time} when it is not an xs:dateTime with a zone
     */
    static Instant time(Element element, String name) throws SamlRejection {
        if (!element.hasAttributeNS(null, name)) {
            return null;
        }
        try {
            return SamlTime.parse(element.getAttributeNS(null, name));
        } catch (SamlException ex) {
            throw SamlRejection.invalid("saml-invalid-time");
        }
    }
}
