package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import java.time.Clock;
import java.time.Instant;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Builds the Single Logout messages we send (SAML core §3.7): LogoutRequest and LogoutResponse. */
public final class LogoutMessages {

    private final SamlIdpEndpoints idp;
    private final Clock clock;

    public LogoutMessages(SamlIdpEndpoints idp, Clock clock) {
        this.idp = idp;
        this.clock = clock;
    }

    public Document request(
            String destination, String nameIdFormat, String nameId, String spEntityId, String sessionIndex) {
        Instant now = this.clock.instant();
        Document document = SecureXml.newDocument();
        Element request = root(document, "LogoutRequest", destination, now);
        request.setAttributeNS(null, "NotOnOrAfter", SamlTime.format(now.plusSeconds(300)));
        request.setAttributeNS(null, "Reason", "urn:oasis:names:tc:SAML:2.0:logout:user");
        issuer(request);
        Element id = SamlXml.appendText(request, SamlNames.ASSERTION_NS, "NameID", nameId);
        id.setAttributeNS(null, "Format", nameIdFormat);
        if (!SamlNames.NAMEID_UNSPECIFIED.equals(nameIdFormat)) {
            id.setAttributeNS(null, "NameQualifier", this.idp.entityId());
            id.setAttributeNS(null, "SPNameQualifier", spEntityId);
        }
        SamlXml.appendText(request, SamlNames.PROTOCOL_NS, "SessionIndex", sessionIndex);
        return document;
    }

    public Document response(String destination, String inResponseTo, String statusCode, String message) {
        Document document = SecureXml.newDocument();
        Element response = root(document, "LogoutResponse", destination, this.clock.instant());
        if (inResponseTo != null) {
            response.setAttributeNS(null, "InResponseTo", inResponseTo);
        }
        issuer(response);
        Element status = SamlXml.append(response, SamlNames.PROTOCOL_NS, "Status");
        SamlXml.append(status, SamlNames.PROTOCOL_NS, "StatusCode").setAttributeNS(null, "Value", statusCode);
        if (message != null) {
            SamlXml.appendText(status, SamlNames.PROTOCOL_NS, "StatusMessage", message);
        }
        return document;
    }

    private static Element root(Document document, String name, String destination, Instant now) {
        Element root = SamlXml.create(document, SamlNames.PROTOCOL_NS, name);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", SamlNames.PROTOCOL_NS);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        root.setAttributeNS(null, "ID", SamlIds.newId());
        root.setAttributeNS(null, "Version", "2.0");
        root.setAttributeNS(null, "IssueInstant", SamlTime.format(now));
        root.setAttributeNS(null, "Destination", destination);
        document.appendChild(root);
        return root;
    }

    private void issuer(Element parent) {
        SamlXml.appendText(parent, SamlNames.ASSERTION_NS, "Issuer", this.idp.entityId())
                .setAttributeNS(null, "Format", SamlNames.NAMEID_ENTITY);
    }
}
