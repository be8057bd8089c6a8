package cn.yiwang.id.server.saml;

import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.logout.FrontChannelLogout;
import cn.yiwang.id.server.logout.ParticipantLogout;
import cn.yiwang.id.server.saml.registry.ServiceProvider;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * Brings SAML service providers into the national single logout: when an SSO session they took part
 * in ends, an SP with a SOAP logout endpoint gets a signed LogoutRequest server to server (however the
 * session ended); the others, when it ends in a browser, get one in an iframe of the logging-out page
 * beside the OIDC front-channel logouts: over HTTP-Redirect, or over HTTP-POST through a page of ours. Participants are recorded as
 * {@code saml:<alias>:<p|t|u>}, the letter keeping the NameID format the SP was given.
 */
public final class SamlParticipantLogout implements ParticipantLogout {

    private static final String PREFIX = "saml:";

    private final ServiceProviders serviceProviders;
    private final NameIds nameIds;
    private final LogoutMessages messages;
    private final SamlKeyStore keys;
    private final OutboundSamlMessages outbound;
    private final SamlSoapLogout soap;
    private final String issuer;

    public SamlParticipantLogout(
            ServiceProviders serviceProviders,
            NameIds nameIds,
            LogoutMessages messages,
            SamlKeyStore keys,
            OutboundSamlMessages outbound,
            SamlSoapLogout soap,
            String issuer) {
        this.serviceProviders = serviceProviders;
        this.nameIds = nameIds;
        this.messages = messages;
        this.keys = keys;
        this.outbound = outbound;
        this.soap = soap;
        this.issuer = issuer;
    }

    public static String participantId(ServiceProvider sp, String nameIdFormat) {
        return PREFIX + sp.alias() + ":" + formatLetter(nameIdFormat);
    }

    /** Every participant id the SP may have been recorded under. */
    public static List<String> participantIds(ServiceProvider sp) {
        return List.of(PREFIX + sp.alias() + ":p", PREFIX + sp.alias() + ":t", PREFIX + sp.alias() + ":u");
    }

    @Override
    public boolean handles(String participantId) {
        return participantId.startsWith(PREFIX);
    }

    @Override
    public Optional<FrontChannelLogout> logout(String participantId, String accountId, String sid) {
        int split = participantId.lastIndexOf(':');
        if (split <= PREFIX.length() || accountId == null) {
            return Optional.empty();
        }
        String alias = participantId.substring(PREFIX.length(), split);
        String format = format(participantId.substring(split + 1));
        Optional<ServiceProvider> sp = this.serviceProviders.findByAlias(alias).filter(ServiceProvider::enabled);
        // SOAP first: server to server, it reaches the SP however the session ends, so no iframe is needed
        Optional<SamlEndpoint> endpoint = sp.flatMap((s) -> s.singleLogoutService(SamlNames.BINDING_SOAP)
                .or(() -> s.singleLogoutService(SamlNames.BINDING_REDIRECT))
                .or(() -> s.singleLogoutService(SamlNames.BINDING_POST)));
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        ServiceProvider provider = sp.get();
        String location = endpoint.get().location();
        Document request = this.messages.request(
                location,
                format,
                this.nameIds.nameId(format, provider, accountId, sid),
                provider.entityId(),
                this.nameIds.sessionIndex(provider, sid));
        String name = (provider.displayNameZh() != null) ? provider.displayNameZh() : provider.entityId();
        switch (endpoint.get().binding()) {
            case SamlNames.BINDING_SOAP:
                this.soap.send(provider, endpoint.get(), request, accountId, sid);
                return Optional.empty();
            case SamlNames.BINDING_REDIRECT:
                String query = RedirectBinding.signedQuery(
                        "SAMLRequest",
                        SecureXml.toBytes(request),
                        null,
                        this.keys.credential().privateKey());
                return Optional.of(
                        new FrontChannelLogout(name, location + (location.contains("?") ? "&" : "?") + query));
            default:
                // HTTP-POST needs a form: a page of ours in the iframe posts it on (signed when delivered)
                String key = this.outbound.put(new OutboundSamlMessages.Message(
                        location, SamlNames.BINDING_POST, "SAMLRequest", SecureXml.toString(request), null));
                return Optional.of(
                        new FrontChannelLogout(name, this.issuer + SamlLogoutController.FRAME_PATH + "?k=" + key));
        }
    }

    static String formatLetter(String format) {
        if (SamlNames.NAMEID_PERSISTENT.equals(format)) {
            return "p";
        }
        return SamlNames.NAMEID_TRANSIENT.equals(format) ? "t" : "u";
    }

    static String format(String letter) {
        return switch (letter) {
            case "p" -> SamlNames.NAMEID_PERSISTENT;
            case "t" -> SamlNames.NAMEID_TRANSIENT;
            default -> SamlNames.NAMEID_UNSPECIFIED;
        };
    }
}
