package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlEncryption;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds the {@code samlp:Response} of the Web Browser SSO profile (SAML profiles §4.1.4.2): a
 * bearer assertion for one SP's ACS, signed (assertion and/or response, RSA-SHA256 over exclusive
 * C14N) and encrypted as the SP registered; or an error status.
 */
public final class SamlResponseFactory {

    /** What the assertion states about the sign-in. */
    public record Authn(
            String nameIdFormat,
            String nameId,
            String sessionIndex,
            Instant authnInstant,
            Instant sessionNotOnOrAfter,
            String classRef,
            List<SamlAttributes.Released> attributes) {}

    private static final java.time.Duration NOT_BEFORE_MARGIN = java.time.Duration.ofSeconds(30);

    private final SamlIdpEndpoints idp;
    private final SamlKeyStore keys;
    private final SamlIdpProperties properties;
    private final Clock clock;

    public SamlResponseFactory(SamlIdpEndpoints idp, SamlKeyStore keys, SamlIdpProperties properties, Clock clock) {
        this.idp = idp;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    public Document success(ServiceProvider sp, String acs, String inResponseTo, Authn authn) {
        Instant now = this.clock.instant();
        Document document = SecureXml.newDocument();
        Element response = response(document, acs, inResponseTo, now);
        status(response, SamlNames.STATUS_SUCCESS, null, null);
        Element assertion = assertion(response, sp, acs, inResponseTo, authn, now);
        SamlCredential credential = this.keys.credential();
        // An unsigned response could be forged by anyone: whatever the SP asked, one of the two is signed.
        boolean signAssertion = sp.signAssertion() || !sp.signResponse();
        if (signAssertion) {
            XmlSignatures.sign(assertion, credential.privateKey(), credential.certificate());
        }
        if (sp.encryptAssertion() && !sp.encryptionCertificates().isEmpty()) {
            XmlEncryption.encrypt(assertion, sp.encryptionCertificates().get(0));
        }
        if (sp.signResponse()) {
            XmlSignatures.sign(response, credential.privateKey(), credential.certificate());
        }
        return document;
    }

    /** A response carrying only an error status, signed so the SP can trust the status. */
    public Document error(String acs, String inResponseTo, String statusCode, String secondLevel, String message) {
        Document document = SecureXml.newDocument();
        Element response = response(document, acs, inResponseTo, this.clock.instant());
        status(response, statusCode, secondLevel, message);
        SamlCredential credential = this.keys.credential();
        XmlSignatures.sign(response, credential.privateKey(), credential.certificate());
        return document;
    }

    private Element response(Document document, String destination, String inResponseTo, Instant now) {
        Element response = SamlXml.create(document, SamlNames.PROTOCOL_NS, "Response");
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", SamlNames.PROTOCOL_NS);
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        response.setAttributeNS(null, "ID", SamlIds.newId());
        response.setAttributeNS(null, "Version", "2.0");
        response.setAttributeNS(null, "IssueInstant", SamlTime.format(now));
        response.setAttributeNS(null, "Destination", destination);
        if (inResponseTo != null) {
            response.setAttributeNS(null, "InResponseTo", inResponseTo);
        }
        document.appendChild(response);
        issuer(response);
        return response;
    }

    private void issuer(Element parent) {
        Element issuer = SamlXml.appendText(parent, SamlNames.ASSERTION_NS, "Issuer", this.idp.entityId());
        issuer.setAttributeNS(null, "Format", SamlNames.NAMEID_ENTITY);
    }

    private static void status(Element response, String code, String secondLevel, String message) {
        Element status = SamlXml.append(response, SamlNames.PROTOCOL_NS, "Status");
        Element statusCode = SamlXml.append(status, SamlNames.PROTOCOL_NS, "StatusCode");
        statusCode.setAttributeNS(null, "Value", code);
        if (secondLevel != null) {
            SamlXml.append(statusCode, SamlNames.PROTOCOL_NS, "StatusCode").setAttributeNS(null, "Value", secondLevel);
        }
        if (message != null) {
            SamlXml.appendText(status, SamlNames.PROTOCOL_NS, "StatusMessage", message);
        }
    }

    private Element assertion(
            Element response, ServiceProvider sp, String acs, String inResponseTo, Authn authn, Instant now) {
        Instant notOnOrAfter = now.plus(this.properties.assertionLifetime());
        Element assertion = SamlXml.append(response, SamlNames.ASSERTION_NS, "Assertion");
        // Declared on the assertion itself so it stands alone once encrypted or extracted.
        assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xs", SamlNames.XS_NS);
        assertion.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:xsi", SamlNames.XSI_NS);
        assertion.setAttributeNS(null, "ID", SamlIds.newId());
        assertion.setAttributeNS(null, "Version", "2.0");
        assertion.setAttributeNS(null, "IssueInstant", SamlTime.format(now));
        issuer(assertion);

        Element subject = SamlXml.append(assertion, SamlNames.ASSERTION_NS, "Subject");
        Element nameId = SamlXml.appendText(subject, SamlNames.ASSERTION_NS, "NameID", authn.nameId());
        nameId.setAttributeNS(null, "Format", authn.nameIdFormat());
        if (!SamlNames.NAMEID_UNSPECIFIED.equals(authn.nameIdFormat())) {
            nameId.setAttributeNS(null, "NameQualifier", this.idp.entityId());
            nameId.setAttributeNS(null, "SPNameQualifier", sp.entityId());
        }
        Element confirmation = SamlXml.append(subject, SamlNames.ASSERTION_NS, "SubjectConfirmation");
        confirmation.setAttributeNS(null, "Method", SamlNames.CM_BEARER);
        Element data = SamlXml.append(confirmation, SamlNames.ASSERTION_NS, "SubjectConfirmationData");
        data.setAttributeNS(null, "NotOnOrAfter", SamlTime.format(notOnOrAfter));
        data.setAttributeNS(null, "Recipient", acs);
        if (inResponseTo != null) {
            data.setAttributeNS(null, "InResponseTo", inResponseTo);
        }

        Element conditions = SamlXml.append(assertion, SamlNames.ASSERTION_NS, "Conditions");
        // A little before now: an SP whose clock lags ours must not find the assertion not yet valid.
        conditions.setAttributeNS(null, "NotBefore", SamlTime.format(now.minus(NOT_BEFORE_MARGIN)));
        conditions.setAttributeNS(null, "NotOnOrAfter", SamlTime.format(notOnOrAfter));
        Element restriction = SamlXml.append(conditions, SamlNames.ASSERTION_NS, "AudienceRestriction");
        SamlXml.appendText(restriction, SamlNames.ASSERTION_NS, "Audience", sp.entityId());

        Element statement = SamlXml.append(assertion, SamlNames.ASSERTION_NS, "AuthnStatement");
        statement.setAttributeNS(null, "AuthnInstant", SamlTime.format(authn.authnInstant()));
        statement.setAttributeNS(null, "SessionIndex", authn.sessionIndex());
        if (authn.sessionNotOnOrAfter() != null) {
            statement.setAttributeNS(null, "SessionNotOnOrAfter", SamlTime.format(authn.sessionNotOnOrAfter()));
        }
        Element context = SamlXml.append(statement, SamlNames.ASSERTION_NS, "AuthnContext");
        SamlXml.appendText(context, SamlNames.ASSERTION_NS, "AuthnContextClassRef", authn.classRef());

        if (!authn.attributes().isEmpty()) {
            Element attributes = SamlXml.append(assertion, SamlNames.ASSERTION_NS, "AttributeStatement");
            for (SamlAttributes.Released released : authn.attributes()) {
                Element attribute = SamlXml.append(attributes, SamlNames.ASSERTION_NS, "Attribute");
                attribute.setAttributeNS(null, "Name", released.name());
                attribute.setAttributeNS(null, "NameFormat", SamlNames.ATTRNAME_BASIC);
                Element value =
                        SamlXml.appendText(attribute, SamlNames.ASSERTION_NS, "AttributeValue", released.value());
                value.setAttributeNS(SamlNames.XSI_NS, "xsi:type", "xs:string");
            }
        }
        return assertion;
    }
}
