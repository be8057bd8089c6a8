package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlStatus;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * SAML Single Logout (profiles §4.4) between our SP and the provincial SAML IdPs, both ways, over the front channel
 * (HTTP-Redirect preferred, else HTTP-POST):
 * <ul>
 * <li>national logout → province: {@link #logoutRequest} builds our signed LogoutRequest for the IdP's single
 * logout service, and {@link #checkLogoutResponse} checks the IdP's answer;</li>
 * <li>province → national: {@link #readLogoutRequest} checks the IdP's LogoutRequest, and {@link #logoutResponse}
 * builds our signed answer.</li>
 * </ul>
 *
 * <p>Every message from an IdP is checked the same way, first failure wins: decodable and within
 * {@code max-response-size}; XML without a DOCTYPE; the expected element, SAML 2.0, with an ID and no duplicate
 * IDs; exactly one {@code Issuer}, a registered, enabled SAML IdP (for a response: the IdP we sent the request to);
 * signed, with the query signature (HTTP-Redirect) or an enveloped signature over the root (HTTP-POST), verified with
 * the certificates of the IdP's metadata only; {@code Destination} our single logout service; {@code IssueInstant}
 * within {@code logout-message-lifetime} and {@code clock-skew}. A request must also be unexpired
 * ({@code NotOnOrAfter}), name one plain-text {@code NameID}, and be used once (the replay cache); a response must
 * answer our request ({@code InResponseTo}) with Success.
 */
public final class SamlSingleLogout {

    private static final Logger log = LoggerFactory.getLogger(SamlSingleLogout.class);

    private static final String LOGOUT_USER = "urn:oasis:names:tc:SAML:2.0:logout:user";

    private final SamlMetadataSource metadata;

    private final ServiceProviderCredentials credentials;

    private final SamlReplayCache replayCache;

    private final FederationSamlProperties properties;

    private final Clock clock;

    SamlSingleLogout(
            SamlMetadataSource metadata,
            ServiceProviderCredentials credentials,
            SamlReplayCache replayCache,
            FederationSamlProperties properties,
            Clock clock) {
        this.metadata = metadata;
        this.credentials = credentials;
        this.replayCache = replayCache;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Our LogoutRequest for the principal's session at an IdP, signed, for the browser to carry to its single
     * logout service.
     * @param idp a SAML identity provider
     * @param sp who we are
     * @param nameId the principal, as the IdP named it in its assertion
     * @param sessionIndex the assertion's {@code SessionIndex}, or {@code null}
     * @param relayState what the IdP returns with its LogoutResponse, to find this logout again
     * @return the message, or empty when the IdP has no single logout service we can use (or its metadata cannot
     * be had): its session is then left to its own expiry
     */
    public Optional<SamlOutboundMessage> logoutRequest(
            IdentityProvider idp, SamlServiceProvider sp, SamlNameId nameId, String sessionIndex, String relayState) {
        Optional<SamlEndpoint> endpoint = singleLogoutService(idp, null);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        String destination = endpoint.get().location();
        Instant now = this.clock.instant();
        Document document = SecureXml.newDocument();
        Element request = root(document, "LogoutRequest", destination, now);
        request.setAttributeNS(
                null, "NotOnOrAfter", SamlTime.format(now.plus(this.properties.logoutMessageLifetime())));
        request.setAttributeNS(null, "Reason", LOGOUT_USER);
        ourIssuer(request, sp);
        Element name = SamlXml.appendText(request, SamlNames.ASSERTION_NS, "NameID", nameId.value());
        setIfPresent(name, "NameQualifier", nameId.nameQualifier());
        setIfPresent(name, "SPNameQualifier", nameId.spNameQualifier());
        setIfPresent(name, "Format", nameId.format());
        if (sessionIndex != null) {
            SamlXml.appendText(request, SamlNames.PROTOCOL_NS, "SessionIndex", sessionIndex);
        }
        return Optional.of(send(request, endpoint.get().binding(), destination, "SAMLRequest", relayState));
    }

    /**
     * Checks an IdP's answer to our LogoutRequest.
     * @param idp the IdP the request went to
     * @param sp who we are
     * @param requestId our request's ID
     * @param message the LogoutResponse as it arrived
     * @throws SamlLogoutException when it is not a valid, successful answer to our request (a non-success status
     * is {@code saml-logout-} and the status's last part, such as {@code saml-logout-PartialLogout})
     */
    public void checkLogoutResponse(
            IdentityProvider idp, SamlServiceProvider sp, String requestId, SamlInboundMessage message) {
        if (message.isRequest()) {
            throw SamlLogoutException.untrusted("saml-unexpected-message", idp);
        }
        Element response = parse(message, "LogoutResponse", idp);
        String issuer = senderIssuer(response, idp);
        EntityMetadata entity = entity(idp);
        if (!entity.entityId().equals(issuer)) {
            throw SamlLogoutException.untrusted("saml-wrong-issuer", idp);
        }
        verifySignature(message, response, entity, idp);
        checkCommon(response, sp, idp);
        if (!requestId.equals(response.getAttributeNS(null, "InResponseTo"))) {
            throw SamlLogoutException.refused("saml-wrong-in-response-to", idp);
        }
        SamlStatus status =
                SamlStatus.of(response).orElseThrow(() -> SamlLogoutException.refused("saml-missing-status", idp));
        if (!status.success()) {
            // the second-level code says more (PartialLogout), when there is one
            throw SamlLogoutException.refused(
                    "saml-logout-" + status.detailName().orElse("unknown"), idp);
        }
    }

    /**
     * Reads a LogoutRequest from an IdP.
     * @param message the message as it arrived
     * @param sp who we are
     * @param enabledSamlProviderByEntityId the enabled SAML provider registered with an entity ID, if any
     * @return the accepted request
     * @throws SamlLogoutException when it is not accepted; {@link SamlLogoutException#answerTo()} says whether the
     * IdP can be answered
     */
    public UpstreamLogoutRequest readLogoutRequest(
            SamlInboundMessage message,
            SamlServiceProvider sp,
            Function<String, Optional<IdentityProvider>> enabledSamlProviderByEntityId) {
        if (!message.isRequest()) {
            throw SamlLogoutException.untrusted("saml-unexpected-message", null);
        }
        Element request = parse(message, "LogoutRequest", null);
        String issuer = senderIssuer(request, null);
        IdentityProvider idp = enabledSamlProviderByEntityId
                .apply(issuer)
                .filter((p) -> p.protocol() == IdentityProvider.Protocol.SAML && p.enabled())
                .orElseThrow(() -> SamlLogoutException.untrusted("saml-unknown-issuer", null));
        EntityMetadata entity = entity(idp);
        verifySignature(message, request, entity, idp);
        String id = request.getAttributeNS(null, "ID");
        try {
            return accept(request, message, sp, idp, entity, id);
        } catch (SamlLogoutException ex) {
            throw (ex.answerTo() != null) ? ex.forRequest(id) : ex;
        }
    }

    // the request is signed by the IdP: what fails from here is answered
    private UpstreamLogoutRequest accept(
            Element request,
            SamlInboundMessage message,
            SamlServiceProvider sp,
            IdentityProvider idp,
            EntityMetadata entity,
            String id) {
        checkCommon(request, sp, idp);
        Instant now = this.clock.instant();
        Instant notOnOrAfter = time(request, "NotOnOrAfter", idp);
        if (notOnOrAfter != null && !now.isBefore(notOnOrAfter.plus(this.properties.clockSkew()))) {
            throw SamlLogoutException.refused("saml-logout-expired", idp);
        }
        SamlNameId nameId = nameId(request, idp);
        List<String> sessionIndexes = new ArrayList<>();
        for (Element index : SamlXml.children(request, SamlNames.PROTOCOL_NS, "SessionIndex")) {
            String value = PlainText.of(index);
            if (value == null || value.isBlank() || value.length() > NameIdRule.MAX_QUALIFIER) {
                throw SamlLogoutException.refused("saml-invalid-session-index", idp);
            }
            sessionIndexes.add(value.strip());
        }
        // a request is not valid for longer than its lifetime allows, however far its NotOnOrAfter
        Duration remember = this.properties
                .logoutMessageLifetime()
                .plus(this.properties.clockSkew().multipliedBy(2));
        if (!this.replayCache.firstUse(entity.entityId(), "slo:" + id, remember)) {
            throw SamlLogoutException.refused("saml-replayed", idp);
        }
        return new UpstreamLogoutRequest(idp, id, nameId, sessionIndexes, message.relayState(), message.binding());
    }

    /**
     * Our signed answer to an IdP's LogoutRequest, for the browser to carry to the IdP's single logout service
     * ({@code ResponseLocation} when it gives one).
     * @param idp the IdP
     * @param sp who we are
     * @param inResponseTo the request's ID
     * @param statusCode Success, PartialLogout, Requester…
     * @param relayState the request's relay state, or {@code null}
     * @param preferredBinding the binding the request came over, used when the IdP offers it
     * @return the message, or empty when the IdP has no single logout service we can use
     */
    public Optional<SamlOutboundMessage> logoutResponse(
            IdentityProvider idp,
            SamlServiceProvider sp,
            String inResponseTo,
            String statusCode,
            String relayState,
            String preferredBinding) {
        Optional<SamlEndpoint> endpoint = singleLogoutService(idp, preferredBinding);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        String destination = endpoint.get().responseTarget();
        Document document = SecureXml.newDocument();
        Element response = root(document, "LogoutResponse", destination, this.clock.instant());
        response.setAttributeNS(null, "InResponseTo", inResponseTo);
        ourIssuer(response, sp);
        Element status = SamlXml.append(response, SamlNames.PROTOCOL_NS, "Status");
        Element code = SamlXml.append(status, SamlNames.PROTOCOL_NS, "StatusCode");
        // PartialLogout is a second-level code under Success (core §3.2.2.2)
        if (SamlNames.STATUS_PARTIAL_LOGOUT.equals(statusCode)) {
            code.setAttributeNS(null, "Value", SamlNames.STATUS_SUCCESS);
            SamlXml.append(code, SamlNames.PROTOCOL_NS, "StatusCode").setAttributeNS(null, "Value", statusCode);
        } else {
            code.setAttributeNS(null, "Value", statusCode);
        }
        return Optional.of(send(response, endpoint.get().binding(), destination, "SAMLResponse", relayState));
    }

    private Optional<SamlEndpoint> singleLogoutService(IdentityProvider idp, String preferredBinding) {
        EntityMetadata entity;
        try {
            entity = this.metadata.metadata(idp);
        } catch (UpstreamUnavailableException ex) {
            log.warn("SAML logout at {} skipped: {}", idp.alias(), ex.reason());
            return Optional.empty();
        }
        Optional<SamlEndpoint> preferred =
                (preferredBinding != null) ? entity.singleLogoutService(preferredBinding) : Optional.empty();
        return preferred
                .or(() -> entity.singleLogoutService(SamlNames.BINDING_REDIRECT))
                .or(() -> entity.singleLogoutService(SamlNames.BINDING_POST));
    }

    private SamlOutboundMessage send(
            Element message, String binding, String destination, String parameter, String relayState) {
        String id = message.getAttributeNS(null, "ID");
        if (SamlNames.BINDING_REDIRECT.equals(binding)) {
            // bindings §3.4.4.1: the signature is over the query
            String query = RedirectBinding.signedQuery(
                    parameter, SecureXml.toBytes(message), relayState, this.credentials.signingKey());
            return new SamlOutboundMessage(
                    id, URI.create(destination + (destination.contains("?") ? "&" : "?") + query), null);
        }
        XmlSignatures.sign(message, this.credentials.signingKey(), this.credentials.certificate());
        return new SamlOutboundMessage(
                id, null, PostBinding.form(destination, parameter, SecureXml.toBytes(message), relayState));
    }

    private EntityMetadata entity(IdentityProvider idp) {
        try {
            return this.metadata.metadata(idp);
        } catch (UpstreamUnavailableException ex) {
            throw SamlLogoutException.untrusted(ex.reason(), idp);
        }
    }

    private Element parse(SamlInboundMessage message, String localName, IdentityProvider idp) {
        int maxBytes = (int) this.properties.maxResponseSize().toBytes();
        String encoded = message.message();
        if (encoded == null || encoded.isEmpty()) {
            throw SamlLogoutException.untrusted("saml-missing-message", idp);
        }
        if (encoded.length() > (long) maxBytes * 4 / 3 + 1024) {
            throw SamlLogoutException.untrusted("saml-message-too-large", idp);
        }
        Element root;
        try {
            byte[] xml = SamlNames.BINDING_REDIRECT.equals(message.binding())
                    ? RedirectBinding.decode(encoded)
                    : PostBinding.decode(encoded);
            if (xml.length > maxBytes) {
                throw SamlLogoutException.untrusted("saml-message-too-large", idp);
            }
            root = SecureXml.parse(xml).getDocumentElement();
        } catch (SamlException ex) {
            throw SamlLogoutException.untrusted("saml-" + ex.reason().replace('_', '-'), idp);
        }
        if (!SamlXml.is(root, SamlNames.PROTOCOL_NS, localName)) {
            throw SamlLogoutException.untrusted("saml-unexpected-message", idp);
        }
        if (root.getAttributeNS(null, "ID").isBlank()) {
            throw SamlLogoutException.untrusted("saml-missing-id", idp);
        }
        Set<String> ids = new HashSet<>();
        if (!uniqueIds(root, ids)) {
            throw SamlLogoutException.untrusted("saml-duplicate-id", idp);
        }
        return root;
    }

    // two elements with one ID are how a signature reference is made to point elsewhere
    private static boolean uniqueIds(Element element, Set<String> seen) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (attribute.getNamespaceURI() == null
                    && "ID".equals(attribute.getLocalName())
                    && !seen.add(attribute.getNodeValue())) {
                return false;
            }
        }
        for (Element child : SamlXml.elementChildren(element)) {
            if (!uniqueIds(child, seen)) {
                return false;
            }
        }
        return true;
    }

    private static String senderIssuer(Element message, IdentityProvider idp) {
        List<Element> issuers = SamlXml.children(message, SamlNames.ASSERTION_NS, "Issuer");
        if (issuers.size() != 1) {
            throw SamlLogoutException.untrusted(issuers.isEmpty() ? "saml-missing-issuer" : "saml-wrong-issuer", idp);
        }
        Element issuer = issuers.get(0);
        String format = issuer.getAttributeNS(null, "Format");
        String text = PlainText.of(issuer);
        if ((!format.isEmpty() && !SamlNames.NAMEID_ENTITY.equals(format)) || text == null || text.isBlank()) {
            throw SamlLogoutException.untrusted("saml-wrong-issuer", idp);
        }
        return text.strip();
    }

    private static void verifySignature(
            SamlInboundMessage message, Element root, EntityMetadata entity, IdentityProvider idp) {
        boolean verified;
        try {
            if (SamlNames.BINDING_REDIRECT.equals(message.binding())) {
                if (!RedirectBinding.isSigned(message.rawQuery())) {
                    throw SamlLogoutException.untrusted("saml-signature-required", idp);
                }
                verified = RedirectBinding.verifyQuery(message.rawQuery(), entity.signingCertificates());
            } else {
                if (!XmlSignatures.isSigned(root)) {
                    throw SamlLogoutException.untrusted("saml-signature-required", idp);
                }
                verified = XmlSignatures.verify(root, entity.signingCertificates());
            }
        } catch (SamlException ex) {
            verified = false;
        }
        if (!verified) {
            throw SamlLogoutException.untrusted("saml-signature-invalid", idp);
        }
    }

    // after the signature: the IdP provably sent it, so it is answered when these fail
    private void checkCommon(Element message, SamlServiceProvider sp, IdentityProvider idp) {
        if (!"2.0".equals(message.getAttributeNS(null, "Version"))) {
            throw SamlLogoutException.refused("saml-version-mismatch", idp, SamlNames.STATUS_VERSION_MISMATCH);
        }
        // required: a signed message meant for another SP must not be replayed to us (bindings §3.4.5.2, §3.5.5.2)
        if (!sp.singleLogoutServiceUrl().equals(message.getAttributeNS(null, "Destination"))) {
            throw SamlLogoutException.refused(
                    message.hasAttributeNS(null, "Destination") ? "saml-wrong-destination" : "saml-missing-destination",
                    idp);
        }
        Instant issued = time(message, "IssueInstant", idp);
        Instant now = this.clock.instant();
        Duration skew = this.properties.clockSkew();
        if (issued == null || issued.isAfter(now.plus(skew))) {
            throw SamlLogoutException.refused("saml-invalid-issue-instant", idp);
        }
        if (issued.isBefore(now.minus(this.properties.logoutMessageLifetime()).minus(skew))) {
            throw SamlLogoutException.refused("saml-logout-expired", idp);
        }
    }

    private static Instant time(Element element, String name, IdentityProvider idp) {
        if (!element.hasAttributeNS(null, name)) {
            return null;
        }
        try {
            return SamlTime.parse(element.getAttributeNS(null, name));
        } catch (SamlException ex) {
            throw SamlLogoutException.refused("saml-invalid-time", idp);
        }
    }

    private static SamlNameId nameId(Element request, IdentityProvider idp) {
        List<Element> nameIds = SamlXml.children(request, SamlNames.ASSERTION_NS, "NameID");
        if (nameIds.size() != 1) {
            throw SamlLogoutException.refused(
                    nameIds.isEmpty()
                            ? (SamlXml.child(request, SamlNames.ASSERTION_NS, "EncryptedID")
                                            .isPresent()
                                    ? "saml-encrypted-nameid-unsupported"
                                    : "saml-missing-nameid")
                            : "saml-multiple-nameids",
                    idp);
        }
        Element nameId = nameIds.get(0);
        String value = PlainText.of(nameId);
        if (value == null || value.isBlank()) {
            throw SamlLogoutException.refused("saml-nameid-not-plain-text", idp);
        }
        value = value.strip();
        if (value.length() > NameIdRule.MAX_SUBJECT) {
            throw SamlLogoutException.refused("saml-nameid-too-long", idp);
        }
        return new SamlNameId(
                value,
                nameId.getAttributeNS(null, "Format"),
                nameId.getAttributeNS(null, "NameQualifier"),
                nameId.getAttributeNS(null, "SPNameQualifier"));
    }

    private static Element root(Document document, String name, String destination, Instant now) {
        Element root = SamlXml.create(document, SamlNames.PROTOCOL_NS, name);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:samlp", SamlNames.PROTOCOL_NS);
        root.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", SamlNames.ASSERTION_NS);
        document.appendChild(root);
        root.setAttributeNS(null, "ID", SamlIds.newId());
        root.setAttributeNS(null, "Version", "2.0");
        root.setAttributeNS(null, "IssueInstant", SamlTime.format(now));
        root.setAttributeNS(null, "Destination", destination);
        return root;
    }

    private static void ourIssuer(Element message, SamlServiceProvider sp) {
        SamlXml.appendText(message, SamlNames.ASSERTION_NS, "Issuer", sp.entityId());
    }

    private static void setIfPresent(Element element, String attribute, String value) {
        if (value != null) {
            element.setAttributeNS(null, attribute, value);
        }
    }
}
