package cn.yiwang.id.federation.saml;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds the SAML Response a provincial IdP sends, valid by default for one pending login, with every
 * part a test may want to get wrong. Plain JDK DOM: nothing here shares code with the validator.
 */
public final class TestSamlResponse {

    static final String PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";

    static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";

    static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    String responseId = "_r" + Long.toHexString(System.nanoTime()) + Math.abs(System.identityHashCode(this));

    String assertionId = "_a" + Long.toHexString(System.nanoTime()) + Math.abs(System.identityHashCode(this));

    String responseIssuer = TestSamlIdp.ENTITY_ID;

    String assertionIssuer = TestSamlIdp.ENTITY_ID;

    String destination;

    String inResponseTo;

    String status = SUCCESS;

    String audience;

    String recipient;

    String confirmationInResponseTo;

    String confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

    Instant issueInstant;

    Instant notBefore;

    Instant notOnOrAfter;

    Instant confirmationNotOnOrAfter;

    String nameId = "js-7f3a9c21";

    boolean authnStatement = true;

    String authnContextClassRef = "urn:yiwang:loa:3";

    String sessionIndex = "_s-js-1";

    final Map<String, String> attributes = new LinkedHashMap<>();

    /**
     * A valid response.
     * @param requestId the ID of the AuthnRequest it answers
     * @param entityId the SP's entity ID
     * @param acs the SP's assertion consumer service
     * @param now the current time
     */
    TestSamlResponse(String requestId, String entityId, String acs, Instant now) {
        this.destination = acs;
        this.recipient = acs;
        this.inResponseTo = requestId;
        this.confirmationInResponseTo = requestId;
        this.audience = entityId;
        this.issueInstant = now;
        this.notBefore = now.minusSeconds(5);
        this.notOnOrAfter = now.plus(Duration.ofMinutes(5));
        this.confirmationNotOnOrAfter = now.plus(Duration.ofMinutes(5));
        this.attributes.put("cn", "张三");
        this.attributes.put("idcard", "11010519491231002X");
        this.attributes.put("mobile", "13800138000");
    }

    /** @return the response, unsigned */
    Document document() {
        Document document = newDocument();
        Element response = document.createElementNS(PROTOCOL_NS, "samlp:Response");
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", PROTOCOL_NS);
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", ASSERTION_NS);
        document.appendChild(response);
        response.setAttribute("ID", this.responseId);
        response.setAttribute("Version", "2.0");
        response.setAttribute("IssueInstant", time(this.issueInstant));
        optional(response, "Destination", this.destination);
        optional(response, "InResponseTo", this.inResponseTo);
        if (this.responseIssuer != null) {
            text(response, ASSERTION_NS, "saml:Issuer", this.responseIssuer);
        }
        Element status = child(response, PROTOCOL_NS, "samlp:Status");
        child(status, PROTOCOL_NS, "samlp:StatusCode").setAttribute("Value", this.status);
        if (SUCCESS.equals(this.status)) {
            response.appendChild(assertion(document));
        }
        return document;
    }

    /**
     * The assertion alone, in the given document but not attached.
     * @param document where to create it
     * @return the assertion
     */
    Element assertion(Document document) {
        Element assertion = document.createElementNS(ASSERTION_NS, "saml:Assertion");
        assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", ASSERTION_NS);
        assertion.setAttribute("ID", this.assertionId);
        assertion.setAttribute("Version", "2.0");
        assertion.setAttribute("IssueInstant", time(this.issueInstant));
        text(assertion, ASSERTION_NS, "saml:Issuer", this.assertionIssuer);
        Element subject = child(assertion, ASSERTION_NS, "saml:Subject");
        if (this.nameId != null) {
            text(subject, ASSERTION_NS, "saml:NameID", this.nameId)
                    .setAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        }
        Element confirmation = child(subject, ASSERTION_NS, "saml:SubjectConfirmation");
        confirmation.setAttribute("Method", this.confirmationMethod);
        Element data = child(confirmation, ASSERTION_NS, "saml:SubjectConfirmationData");
        optional(data, "InResponseTo", this.confirmationInResponseTo);
        optional(data, "Recipient", this.recipient);
        optional(data, "NotOnOrAfter", time(this.confirmationNotOnOrAfter));
        Element conditions = child(assertion, ASSERTION_NS, "saml:Conditions");
        optional(conditions, "NotBefore", time(this.notBefore));
        optional(conditions, "NotOnOrAfter", time(this.notOnOrAfter));
        if (this.audience != null) {
            text(
                    child(conditions, ASSERTION_NS, "saml:AudienceRestriction"),
                    ASSERTION_NS,
                    "saml:Audience",
                    this.audience);
        }
        if (this.authnStatement) {
            Element statement = child(assertion, ASSERTION_NS, "saml:AuthnStatement");
            statement.setAttribute("AuthnInstant", time(this.issueInstant));
            optional(statement, "SessionIndex", this.sessionIndex);
            Element context = child(statement, ASSERTION_NS, "saml:AuthnContext");
            if (this.authnContextClassRef != null) {
                text(context, ASSERTION_NS, "saml:AuthnContextClassRef", this.authnContextClassRef);
            }
        }
        if (!this.attributes.isEmpty()) {
            Element statement = child(assertion, ASSERTION_NS, "saml:AttributeStatement");
            this.attributes.forEach((name, value) -> {
                Element attribute = child(statement, ASSERTION_NS, "saml:Attribute");
                attribute.setAttribute("Name", name);
                text(attribute, ASSERTION_NS, "saml:AttributeValue", value);
            });
        }
        return assertion;
    }

    /** @return the response with its assertion signed by the IdP */
    Document signedAssertion() {
        Document document = document();
        TestSamlIdp.sign(assertionOf(document));
        return document;
    }

    /** @return the response signed by the IdP (the assertion not signed by itself) */
    Document signedResponse() {
        Document document = document();
        TestSamlIdp.sign(document.getDocumentElement());
        return document;
    }

    static Element assertionOf(Document document) {
        return (Element)
                document.getElementsByTagNameNS(ASSERTION_NS, "Assertion").item(0);
    }

    static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().newDocument();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String time(Instant instant) {
        return (instant != null) ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)) : null;
    }

    private static void optional(Element element, String name, String value) {
        if (value != null) {
            element.setAttribute(name, value);
        }
    }

    private static Element child(Element parent, String namespace, String name) {
        Element child = parent.getOwnerDocument().createElementNS(namespace, name);
        parent.appendChild(child);
        return child;
    }

    private static Element text(Element parent, String namespace, String name, String text) {
        Element child = child(parent, namespace, name);
        child.setTextContent(text);
        return child;
    }
}
