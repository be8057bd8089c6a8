package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlRules;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.nio.charset.StandardCharsets;
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
                SamlAuthnContexts.Requirement.NONE,
                null);
    }

    /** What an AuthnRequest from a known SP with a good signature must satisfy, in the order the rules run. */
    private final SamlRules<SamlRequestCheck, SamlRequestException> rules = SamlRules.of(
            this::relayStateLength, // bindings §3.4.3, with room for return URLs
            this::version, // SAML 2.0 (core §3.2.1)
            this::hasId, // an ID to answer to
            this::destination, // ours, when given (core §3.2.1)
            this::issueInstant, // fresh, with the clock skew
            this::protocolBinding, // responses go over HTTP-POST only
            this::nameIdPolicy, // a NameID format we issue
            this::authnContext, // a class reference we can meet
            this::requestedSubject, // a subject we can name, when the request names one (core §3.4.1.4)
            this::firstUse); // last, so only a request that is otherwise good uses up its ID

    private InboundAuthnRequest check(Element request, ServiceProvider sp, String relayState) {
        SamlRequestCheck check = new SamlRequestCheck(request, sp, relayState, acs(request, sp));
        this.rules.check(check);
        return new InboundAuthnRequest(
                sp,
                check.id,
                check.acs.location(),
                relayState,
                "true".equals(check.attribute("ForceAuthn")),
                "true".equals(check.attribute("IsPassive")),
                check.nameIdFormat,
                check.requirement,
                check.subject);
    }

    private void relayStateLength(SamlRequestCheck check) {
        if (check.relayState != null
                && check.relayState.getBytes(StandardCharsets.UTF_8).length > MAX_RELAY_STATE_BYTES) {
            // the RelayState is not echoed: it is what is wrong
            throw answered(check, null, "relay_state_too_long", "RelayState is too long", null);
        }
    }

    private void version(SamlRequestCheck check) {
        if (!"2.0".equals(check.attribute("Version"))) {
            throw answered(
                    check,
                    check.relayState,
                    "version",
                    "Only SAML 2.0 is supported",
                    SamlNames.STATUS_VERSION_MISMATCH,
                    null);
        }
    }

    private void hasId(SamlRequestCheck check) {
        if (check.id.isEmpty()) {
            throw answered(check, check.relayState, "missing_id", "The request has no ID", null);
        }
    }

    private void destination(SamlRequestCheck check) {
        String destination = check.attribute("Destination");
        if (!destination.isEmpty() && !destination.equals(this.idp.singleSignOn())) {
            throw answered(
                    check,
                    check.relayState,
                    "wrong_destination",
                    "The request was meant for another destination",
                    null);
        }
    }

    private void issueInstant(SamlRequestCheck check) {
        Instant issued;
        try {
            issued = SamlTime.parse(check.attribute("IssueInstant"));
        } catch (SamlException ex) {
            throw answered(check, check.relayState, "issue_instant", "The request has no valid IssueInstant", null);
        }
        Instant now = this.clock.instant();
        if (issued.isAfter(now.plus(this.properties.clockSkew()))
                || issued.isBefore(now.minus(this.properties.requestLifetime()).minus(this.properties.clockSkew()))) {
            throw answered(
                    check,
                    check.relayState,
                    "issue_instant",
                    "The request is too old or from the future",
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_REQUEST_DENIED);
        }
    }

    private void protocolBinding(SamlRequestCheck check) {
        String binding = check.attribute("ProtocolBinding");
        if (!binding.isEmpty() && !SamlNames.BINDING_POST.equals(binding)) {
            throw answered(
                    check,
                    check.relayState,
                    "unsupported_binding",
                    "Responses are sent with HTTP-POST only",
                    SamlNames.STATUS_RESPONDER,
                    SamlNames.STATUS_UNSUPPORTED_BINDING);
        }
    }

    private void nameIdPolicy(SamlRequestCheck check) {
        Optional<Element> policy = SamlXml.child(check.request, SamlNames.PROTOCOL_NS, "NameIDPolicy");
        String format = NameIds.effectiveFormat(
                policy.map((p) -> p.getAttributeNS(null, "Format")).orElse(null), check.sp);
        if (!NameIds.supported(format)) {
            throw answered(
                    check,
                    check.relayState,
                    "nameid_format",
                    "NameID format not supported: " + format,
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_INVALID_NAMEID_POLICY);
        }
        check.nameIdFormat = format;
    }

    private void authnContext(SamlRequestCheck check) {
        SamlAuthnContexts.Requirement requirement = requirement(check.request);
        if (!requirement.satisfiable()) {
            throw answered(
                    check,
                    check.relayState,
                    "no_authn_context",
                    "None of the requested authentication contexts is offered",
                    SamlNames.STATUS_REQUESTER,
                    SamlNames.STATUS_NO_AUTHN_CONTEXT);
        }
        check.requirement = requirement;
    }

    private void requestedSubject(SamlRequestCheck check) {
        try {
            check.subject = RequestedSubject.read(check.request, this.idp.entityId(), check.sp.entityId())
                    .orElse(null);
        } catch (RequestedSubject.Unknown ex) {
            throw answered(
                    check,
                    check.relayState,
                    "unknown_principal",
                    ex.getMessage(),
                    SamlNames.STATUS_RESPONDER,
                    SamlNames.STATUS_UNKNOWN_PRINCIPAL);
        }
    }

    private void firstUse(SamlRequestCheck check) {
        if (!this.seen.firstUse(check.sp.entityId(), check.id)) {
            throw answered(
                    check,
                    check.relayState,
                    "replayed",
                    "This request was already used",
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

    /** An error the SP is answered with at its ACS; {@code InResponseTo} is the request's ID when it has one. */
    private static SamlRequestException answered(
            SamlRequestCheck check, String relayState, String reason, String message, String secondLevel) {
        return answered(check, relayState, reason, message, SamlNames.STATUS_REQUESTER, secondLevel);
    }

    private static SamlRequestException answered(
            SamlRequestCheck check,
            String relayState,
            String reason,
            String message,
            String status,
            String secondLevel) {
        return SamlRequestException.answered(
                reason,
                message,
                check.sp,
                check.acs.location(),
                check.id.isEmpty() ? null : check.id,
                relayState,
                status,
                secondLevel);
    }
}
