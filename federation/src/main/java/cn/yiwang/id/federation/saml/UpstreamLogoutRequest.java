package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlNameId;
import java.util.List;

/**
 * A LogoutRequest from a provincial SAML IdP that passed every check (SAML core §3.7.1, profiles §4.4.4.1): the
 * principal whose sessions from that IdP end, and what the answer needs.
 *
 * @param idp the identity provider that sent it
 * @param id the request's {@code ID}, for the answer's {@code InResponseTo}
 * @param nameId the principal
 * @param sessionIndexes the IdP's session indexes to end; none means every session of the principal
 * @param relayState the {@code RelayState} to return with the answer, or {@code null}
 * @param binding the binding it came over, which the answer prefers
 */
public record UpstreamLogoutRequest(
        IdentityProvider idp,
        String id,
        SamlNameId nameId,
        List<String> sessionIndexes,
        String relayState,
        String binding) {

    public UpstreamLogoutRequest {
        sessionIndexes = List.copyOf(sessionIndexes);
    }

    /** Never prints the principal or the relay state. */
    @Override
    public String toString() {
        return "UpstreamLogoutRequest[idp=" + this.idp.alias() + ", sessionIndexes=" + this.sessionIndexes.size() + "]";
    }
}
