package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Reads an AuthnRequest from the HTTP-Redirect or HTTP-POST binding and checks it (SAML core
 * §3.4, profiles §4.1.4.1): known and enabled SP, its signature (query signature or XML signature,
 * with the certificates it registered), version, our Destination, a fresh IssueInstant, a
 * registered ACS, a NameID format and authentication context we can honour.
 */
public final class AuthnRequestReader {

    /** Bindings §3.4.3 says 80; real SPs put return URLs there, so we allow more but not without bound. */
    static final int MAX_RELAY_STATE_BYTES = 1024;

    private final ServiceProviders serviceProviders;
    private final SamlIdpEndpoints idp;
    private final SamlIdpProperties properties;
    private final SeenSamlRequests seen;
    private final Clock clock;

    public AuthnRequestReader(
            ServiceProviders serviceProviders,
            SamlIdpEndpoints idp,
            SamlIdpProperties properties,
            SeenSamlRequests seen,
            Clock clock) {
        this.serviceProviders = serviceProviders;
        this.idp = idp;
        this.properties = properties;
        this.seen = seen;
        this.clock = clock;
    }

    /** HTTP-Redirect: the raw query string carries the message and its signature. */
    public InboundAuthnRequest fromRedirect(String samlRequest, String relayState, String rawQuery) {
        byte[] xml = IncomingSamlMessages.decode(() -> RedirectBinding.decode(samlRequest));
        Element request = IncomingSamlMessages.parse(xml, "AuthnRequest");
        ServiceProvider sp = IncomingSamlMessages.serviceProvider(request, this.serviceProviders);
        boolean signed = RedirectBinding.isSigned(rawQuery);
        if (signed && !RedirectBinding.verifyQuery(rawQuery, sp.signingCertificates())) {
            throw SamlRequestException.untrusted("signature_invalid", "The request's signature does not verify", sp);
        }
        if (!signed && XmlSignatures.isSigned(request)) {
            // Redirect binding forbids an XML signature inside the message (bindings §3.4.4.1).
            throw SamlRequestException.untrusted("signature_invalid", "Redirect requests are signed in the query", sp);
        }
        if (!signed && sp.requireSignedAuthnRequests()) {
            throw SamlRequestException.untrusted(
                    "signature_required", "This service provider must sign its requests", sp);
        }
        return check(request, sp, relayState);
    }

    /** HTTP-POST: an enveloped XML signature over the request. */
    public InboundAuthnRequest fromPost(String samlRequest, String relayState) {
        byte[] xml = IncomingSamlMessages.decode(() -> PostBinding.decode(samlRequest));
        Element request = IncomingSamlMessages.parse(xml, "AuthnRequest");
        ServiceProvider sp = IncomingSamlMessages.serviceProvider(request, this.serviceProviders);
        boolean signed = XmlSignatures.isSigned(request);
        if (signed && !XmlSignatures.verify(request, sp.signingCertificates())) {
            throw SamlRequestException.untrusted("signature_invalid", "The request's signature does not verify", sp);
        }
        if (!signed && sp.requireSignedAuthnRequests()) {
            throw SamlRequestException.untrusted(
                    "signature_required", "This service provider must sign its requests", sp);
        }
        if (signed && request.getAttributeNS(null, "Destination").isEmpty()) {
            // Bindings §3.5.5.2: a signed POSTed message names where it was meant to go.
            throw SamlRequestException.untrusted(
                    "missing_destination", "A signed request must carry a Destination", sp);
        }
        return check(request, sp, relayState);
    }

    /** An IdP-initiated sign-on to the SP's default ACS: no request, so no InResponseTo. */
    public InboundAuthnRequest unsolicited(String spRef, String relayState) {
        ServiceProvider sp = this.serviceProviders
                .findEnabledByEntityId(spRef)
                .or(() -> this.serviceProviders.findByAlias(spRef).filter(ServiceProvider::enabled))
                .orElseThrow(() -> SamlRequestException.untrusted(
                        "unknown_service_provider", "No such service provider is registered", null));
        SamlEndpoint acs = sp.assertionConsumerService(null, null)
                .orElseThrow(() ->
                        SamlRequestException.untrusted("no_acs", "The service provider has no HTTP-POST ACS", sp));
        return new InboundAuthnRequest(
                sp,
                null,
                acs.location(),
                relayState,
                false,
                false,
                sp.nameIdFormat(),
                SamlAuthnContexts.Requirement.NONE);
    }

    private InboundAuthnRequest check(Element request, ServiceProvider sp, String relayState) {
        String id = request.getAttributeNS(null, "ID");
        SamlEndpoint acs = acs(request, sp);
        String inResponseTo = id.isEmpty() ? null : id;
        if (relayState != null
                && relayState.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_RELAY_STATE_BYTES) {
            throw answered(
                    "relay_state_too_long",
                    "RelayState is too long",
                    sp,
                    acs,
                    inResponseTo,
                    null,
                    SamlNames.STATUS_REQUESTER,
                    null);
        }
        if (!"2.0".equals(request.getAttributeNS(null, "Version"))) {
            throw answered(
                    "version",
                    "Only SAML 2.0 is supported",
                    sp,
                    acs,
                    inResponseTo,
                    relayState,
                    SamlNames.STATUS_VERSION_MISMATCH,
                    null);
        }
        if (id.isEmpty()) {
            throw answered(
                    "missing_id", "The request has no ID", sp, acs, null, relayState, SamlNames.STATUS_REQUESTER, null);
        }
        String destination = request.getAttributeNS(null, "Destination");
        if (!destination.isEmpty() && !destination.equals(this.idp.singleSignOn())) {
            throw answered(
                    "wrong_destination",
                    "The request was meant for another destination",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    null);
        }
        checkIssueInstant(request, sp, acs, id, relayState);
        String binding = request.getAttributeNS(null, "ProtocolBinding");
        if (!binding.isEmpty() && !SamlNames.BINDING_POST.equals(binding)) {
            throw answered(
                    "unsupported_binding",
                    "Responses are sent with HTTP-POST only",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_RESPONDER,
                    SamlNames.STATUS_UNSUPPORTED_BINDING);
        }
        Optional<Element> policy = SamlXml.child(request, SamlNames.PROTOCOL_NS, "NameIDPolicy");
        String format = NameIds.effectiveFormat(
                policy.map((p) -> p.getAttributeNS(null, "Format")).orElse(null), sp);
        if (!NameIds.supported(format)) {
            throw answered(
                    "nameid_format",
                    "NameID format not supported: " + format,
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_INVALID_NAMEID_POLICY);
        }
        SamlAuthnContexts.Requirement requirement = requirement(request);
        if (!requirement.satisfiable()) {
            throw answered(
                    "no_authn_context",
                    "None of the requested authentication contexts is offered",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_NO_AUTHN_CONTEXT);
        }
        // Last, so only a request that is otherwise good uses up its ID.
        if (!this.seen.firstUse(sp.entityId(), id)) {
            throw answered(
                    "replayed",
                    "This request was already used",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_REQUEST_DENIED);
        }
        return new InboundAuthnRequest(
                sp,
                id,
                acs.location(),
                relayState,
                "true".equals(request.getAttributeNS(null, "ForceAuthn")),
                "true".equals(request.getAttributeNS(null, "IsPassive")),
                format,
                requirement);
    }

    private void checkIssueInstant(
            Element request, ServiceProvider sp, SamlEndpoint acs, String id, String relayState) {
        Instant issued;
        try {
            issued = SamlTime.parse(request.getAttributeNS(null, "IssueInstant"));
        } catch (SamlException ex) {
            throw answered(
                    "issue_instant",
                    "The request has no valid IssueInstant",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    null);
        }
        Instant now = this.clock.instant();
        if (issued.isAfter(now.plus(this.properties.clockSkew()))
                || issued.isBefore(now.minus(this.properties.requestLifetime()).minus(this.properties.clockSkew()))) {
            throw answered(
                    "issue_instant",
                    "The request is too old or from the future",
                    sp,
                    acs,
                    id,
                    relayState,
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_REQUEST_DENIED);
        }
    }

    private static SamlAuthnContexts.Requirement requirement(Element request) {
        Optional<Element> requested = SamlXml.child(request, SamlNames.PROTOCOL_NS, "RequestedAuthnContext");
        if (requested.isEmpty()) {
            return SamlAuthnContexts.Requirement.NONE;
        }
        List<String> refs = SamlXml.children(requested.get(), SamlNames.ASSERTION_NS, "AuthnContextClassRef").stream()
                .map((e) -> e.getTextContent().trim())
                .toList();
        if (refs.isEmpty()) {
            // Only AuthnContextDeclRef: declarations are not something we issue.
            return new SamlAuthnContexts.Requirement(Optional.empty(), null, false);
        }
        return SamlAuthnContexts.requirement(refs, requested.get().getAttributeNS(null, "Comparison"));
    }

    private static SamlEndpoint acs(Element request, ServiceProvider sp) {
        String url = request.getAttributeNS(null, "AssertionConsumerServiceURL");
        String index = request.getAttributeNS(null, "AssertionConsumerServiceIndex");
        Integer parsedIndex = null;
        if (!index.isEmpty()) {
            try {
                parsedIndex = Integer.valueOf(index);
            } catch (NumberFormatException ex) {
                throw SamlRequestException.untrusted(
                        "unknown_acs", "AssertionConsumerServiceIndex is not a number", sp);
            }
        }
        if (!url.isEmpty() && parsedIndex != null) {
            throw SamlRequestException.untrusted("unknown_acs", "Both an ACS URL and an ACS index were given", sp);
        }
        // Never send an assertion where the SP did not register: an unknown URL gets no response at all.
        return sp.assertionConsumerService(parsedIndex, url.isEmpty() ? null : url)
                .orElseThrow(() -> SamlRequestException.untrusted(
                        "unknown_acs",
                        "The assertion consumer service is not registered for this service provider",
                        sp));
    }

    private static SamlRequestException answered(
            String reason,
            String message,
            ServiceProvider sp,
            SamlEndpoint acs,
            String inResponseTo,
            String relayState,
            String status,
            String secondLevel) {
        return SamlRequestException.answered(
                reason, message, sp, acs.location(), inResponseTo, relayState, status, secondLevel);
    }
}
