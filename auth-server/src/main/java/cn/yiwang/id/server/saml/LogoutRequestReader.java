package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.PostBinding;
import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SamlRules;
import cn.yiwang.id.saml.SamlTime;
import cn.yiwang.id.saml.SamlXml;
import cn.yiwang.id.saml.XmlSignatures;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Reads a LogoutRequest from an SP (SAML core §3.7.1, profiles §4.4.4.1) over HTTP-Redirect or
 * HTTP-POST: known SP, signed with its registered key whenever it registered one, version, our
 * Destination, not expired, with a NameID.
 */
public final class LogoutRequestReader {

    /**
     * An accepted LogoutRequest.
     *
     * @param serviceProvider who asks
     * @param id the request ID (InResponseTo of our answer)
     * @param nameIdFormat the NameID's format (the SP's registered one when absent)
     * @param nameId the NameID value
     * @param sessionIndexes the SessionIndex values, possibly none
     * @param relayState the RelayState to return
     * @param binding the binding it came over (the answer prefers the same)
     */
    public record SamlLogoutRequest(
            ServiceProvider serviceProvider,
            String id,
            String nameIdFormat,
            String nameId,
            List<String> sessionIndexes,
            String relayState,
            String binding) {}

    private final ServiceProviders serviceProviders;
    private final SamlIdpEndpoints idp;
    private final SamlIdpProperties properties;
    private final SeenSamlRequests seen;
    private final Clock clock;

    public LogoutRequestReader(
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

    public SamlLogoutRequest fromRedirect(String samlRequest, String relayState, String rawQuery) {
        byte[] xml = IncomingSamlMessages.decode(() -> RedirectBinding.decode(samlRequest));
        Element request = IncomingSamlMessages.parse(xml, "LogoutRequest");
        ServiceProvider sp = IncomingSamlMessages.serviceProvider(request, this.serviceProviders);
        boolean signed = RedirectBinding.isSigned(rawQuery);
        if (signed
                ? !RedirectBinding.verifyQuery(rawQuery, sp.signingCertificates())
                : !sp.signingCertificates().isEmpty()) {
            throw SamlRequestException.untrusted(
                    signed ? "signature_invalid" : "signature_required",
                    "The logout request is not signed with the service provider's registered key",
                    sp);
        }
        return check(request, sp, relayState, SamlNames.BINDING_REDIRECT);
    }

    public SamlLogoutRequest fromPost(String samlRequest, String relayState) {
        byte[] xml = IncomingSamlMessages.decode(() -> PostBinding.decode(samlRequest));
        Element request = IncomingSamlMessages.parse(xml, "LogoutRequest");
        ServiceProvider sp = IncomingSamlMessages.serviceProvider(request, this.serviceProviders);
        boolean signed = XmlSignatures.isSigned(request);
        if (signed
                ? !XmlSignatures.verify(request, sp.signingCertificates())
                : !sp.signingCertificates().isEmpty()) {
            throw SamlRequestException.untrusted(
                    signed ? "signature_invalid" : "signature_required",
                    "The logout request is not signed with the service provider's registered key",
                    sp);
        }
        return check(request, sp, relayState, SamlNames.BINDING_POST);
    }

    /** What a LogoutRequest from a known SP with a good signature must satisfy, in the order the rules run. */
    private final SamlRules<SamlRequestCheck, SamlRequestException> rules = SamlRules.of(
            this::versionAndId, // SAML 2.0, with an ID to answer to (core §3.2.1)
            this::destination, // ours, when given
            this::fresh, // NotOnOrAfter not passed, IssueInstant within the request lifetime
            this::nameId, // a subject to log out (core §3.7.1)
            this::sessionIndexes, // which of its sessions, possibly all
            this::firstUse); // last, so only a request that is otherwise good uses up its ID

    private SamlLogoutRequest check(Element request, ServiceProvider sp, String relayState, String binding) {
        SamlRequestCheck check = new SamlRequestCheck(request, sp, relayState, null);
        this.rules.check(check);
        return new SamlLogoutRequest(
                sp, check.id, check.nameIdFormat, check.nameId, check.sessionIndexes, relayState, binding);
    }

    private void versionAndId(SamlRequestCheck check) {
        if (!"2.0".equals(check.attribute("Version")) || check.id.isEmpty()) {
            throw SamlRequestException.untrusted("version", "Not a SAML 2.0 logout request", check.sp);
        }
    }

    private void destination(SamlRequestCheck check) {
        String destination = check.attribute("Destination");
        if (!destination.isEmpty() && !destination.equals(this.idp.singleLogout())) {
            throw SamlRequestException.untrusted(
                    "wrong_destination", "The logout request was meant for another destination", check.sp);
        }
    }

    private void fresh(SamlRequestCheck check) {
        Instant now = this.clock.instant();
        String notOnOrAfter = check.attribute("NotOnOrAfter");
        try {
            if (!notOnOrAfter.isEmpty()
                    && !now.isBefore(SamlTime.parse(notOnOrAfter).plus(this.properties.clockSkew()))) {
                throw SamlRequestException.untrusted("expired", "The logout request has expired", check.sp);
            }
            Instant issued = SamlTime.parse(check.attribute("IssueInstant"));
            if (issued.isAfter(now.plus(this.properties.clockSkew()))
                    || issued.isBefore(now.minus(this.properties.requestLifetime()))) {
                throw SamlRequestException.untrusted(
                        "issue_instant", "The logout request is too old or from the future", check.sp);
            }
        } catch (SamlException ex) {
            throw SamlRequestException.untrusted("issue_instant", "The logout request has an invalid time", check.sp);
        }
    }

    private void nameId(SamlRequestCheck check) {
        Element nameId = SamlXml.child(check.request, SamlNames.ASSERTION_NS, "NameID")
                .orElseThrow(() -> SamlRequestException.untrusted(
                        "missing_nameid",
                        "The logout request names no subject (encrypted NameIDs are not supported)",
                        check.sp));
        String format = nameId.getAttributeNS(null, "Format");
        check.nameIdFormat = format.isEmpty() ? check.sp.nameIdFormat() : format;
        check.nameId = nameId.getTextContent().trim();
    }

    private void sessionIndexes(SamlRequestCheck check) {
        check.sessionIndexes = SamlXml.children(check.request, SamlNames.PROTOCOL_NS, "SessionIndex").stream()
                .map((e) -> e.getTextContent().trim())
                .toList();
    }

    private void firstUse(SamlRequestCheck check) {
        if (!this.seen.firstUse(check.sp.entityId(), check.id)) {
            throw SamlRequestException.untrusted("replayed", "This logout request was already used", check.sp);
        }
    }
}
