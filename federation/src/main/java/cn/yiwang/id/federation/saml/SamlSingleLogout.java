package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlIds;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlRules;
import cn.yiwang.id.saml.SamlStatus;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.UniqueIds;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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

    /** A province's LogoutResponse to our LogoutRequest, in the order the rules run. */
    private final SamlRules<LogoutMessageCheck, SamlLogoutException> responseRules = SamlRules.of(
            (m) -> expect(m, false), // a LogoutResponse, not a request
            (m) -> parse(m, "LogoutResponse"), // size, binding, no DTD, root element, ID, unique IDs, one Issuer
            this::issuerIsTheProvince, // the Issuer is the province our request went to
            this::signature, // query or XML signature, the province's metadata keys only
            this::common, // Version, our Destination, a fresh IssueInstant
            this::inResponseToOurRequest, // InResponseTo our request's ID
            this::success); // Success, else saml-logout-<second-level status>

    /** A province's LogoutRequest, until its signature holds: what fails here cannot be answered. */
    private final SamlRules<LogoutMessageCheck, SamlLogoutException> requestTrustRules = SamlRules.of(
            (m) -> expect(m, true), // a LogoutRequest, not a response
            (m) -> parse(m, "LogoutRequest"), // size, binding, no DTD, root element, ID, unique IDs, one Issuer
            this::issuerIsRegistered, // the Issuer names an enabled SAML province
            this::signature); // query or XML signature, that province's metadata keys only

    /** The same request once the province provably sent it: what fails here is answered. */
    private final SamlRules<LogoutMessageCheck, SamlLogoutException> requestRules = SamlRules.of(
            this::common, // Version, our Destination, a fresh IssueInstant
            this::notExpired, // NotOnOrAfter with the clock skew
            this::nameIdOfRequest, // one plain-text NameID
            this::sessionIndexes, // plain-text SessionIndex values
            this::firstUse); // not seen before: last, so only a request valid in every other way is remembered

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
        this.responseRules.check(LogoutMessageCheck.response(message, sp, idp, requestId));
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
        LogoutMessageCheck request = LogoutMessageCheck.request(message, sp, enabledSamlProviderByEntityId);
        this.requestTrustRules.check(request);
        String id = request.root.getAttributeNS(null, "ID");
        try {
            this.requestRules.check(request);
        } catch (SamlLogoutException ex) {
            throw (ex.answerTo() != null) ? ex.forRequest(id) : ex;
        }
        return new UpstreamLogoutRequest(
                request.idp, id, request.nameId, request.sessionIndexes, message.relayState(), message.binding());
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

    private static void expect(LogoutMessageCheck check, boolean request) {
        if (check.message.isRequest() != request) {
            throw SamlLogoutException.untrusted("saml-unexpected-message", check.idp);
        }
    }

    private void parse(LogoutMessageCheck check, String localName) {
        IdentityProvider idp = check.idp;
        SamlInboundMessage message = check.message;
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
        // two elements with one ID are how a signature reference is made to point elsewhere
        if (!UniqueIds.in(root)) {
            throw SamlLogoutException.untrusted("saml-duplicate-id", idp);
        }
        check.root = root;
        check.issuer = senderIssuer(root, idp);
    }

    private void issuerIsTheProvince(LogoutMessageCheck check) {
        check.entity = entity(check.idp);
        if (!check.entity.entityId().equals(check.issuer)) {
            throw SamlLogoutException.untrusted("saml-wrong-issuer", check.idp);
        }
    }

    private void issuerIsRegistered(LogoutMessageCheck check) {
        check.idp = check.providers
                .apply(check.issuer)
                .filter((p) -> p.protocol() == IdentityProvider.Protocol.SAML && p.enabled())
                .orElseThrow(() -> SamlLogoutException.untrusted("saml-unknown-issuer", null));
        check.entity = entity(check.idp);
    }

    private void signature(LogoutMessageCheck check) {
        verifySignature(check.message, check.root, check.entity, check.idp);
    }

    private void common(LogoutMessageCheck check) {
        checkCommon(check.root, check.sp, check.idp);
    }

    private void inResponseToOurRequest(LogoutMessageCheck check) {
        if (!check.requestId.equals(check.root.getAttributeNS(null, "InResponseTo"))) {
            throw SamlLogoutException.refused("saml-wrong-in-response-to", check.idp);
        }
    }

    private void success(LogoutMessageCheck check) {
        SamlStatus status = SamlStatus.of(check.root)
                .orElseThrow(() -> SamlLogoutException.refused("saml-missing-status", check.idp));
        if (!status.success()) {
            // the second-level code says more (PartialLogout), when there is one
            throw SamlLogoutException.refused(
                    "saml-logout-" + status.detailName().orElse("unknown"), check.idp);
        }
    }

    private void notExpired(LogoutMessageCheck check) {
        Instant notOnOrAfter = time(check.root, "NotOnOrAfter", check.idp);
        if (notOnOrAfter != null && !this.clock.instant().isBefore(notOnOrAfter.plus(this.properties.clockSkew()))) {
            throw SamlLogoutException.refused("saml-logout-expired", check.idp);
        }
    }

    private void nameIdOfRequest(LogoutMessageCheck check) {
        check.nameId = nameId(check.root, check.idp);
    }

    private void sessionIndexes(LogoutMessageCheck check) {
        List<String> sessionIndexes = new ArrayList<>();
        for (Element index : SamlXml.children(check.root, SamlNames.PROTOCOL_NS, "SessionIndex")) {
            String value = PlainText.of(index);
            if (value == null || value.isBlank() || value.length() > NameIdRule.MAX_QUALIFIER) {
                throw SamlLogoutException.refused("saml-invalid-session-index", check.idp);
            }
            sessionIndexes.add(value.strip());
        }
        check.sessionIndexes = sessionIndexes;
    }

    private void firstUse(LogoutMessageCheck check) {
        // a request is not valid for longer than its lifetime allows, however far its NotOnOrAfter
        Duration remember = this.properties
                .logoutMessageLifetime()
                .plus(this.properties.clockSkew().multipliedBy(2));
        if (!this.replayCache.firstUse(
                check.entity.entityId(), "slo:" + check.root.getAttributeNS(null, "ID"), remember)) {
            throw SamlLogoutException.refused("saml-replayed", check.idp);
        }
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
