package cn.yiwang.id.server.saml;

import cn.yiwang.id.server.saml.registry.ServiceProvider;

/**
 * An accepted AuthnRequest (or an IdP-initiated sign-on, with no request ID), reduced to what the
 * response needs.
 *
 * @param serviceProvider the requesting SP
 * @param requestId the request's ID, echoed as InResponseTo (null when IdP-initiated)
 * @param acs the ACS URL the response goes to (registered, HTTP-POST)
 * @param relayState opaque SP state to send back
 * @param forceAuthn the citizen must authenticate anew
 * @param passive no page may be shown
 * @param nameIdFormat the NameID format to issue
 * @param requirement the level of assurance asked for
 * @param subject the subject the request names (SAML core §3.4.1.4), or {@code null}
 */
public record InboundAuthnRequest(
        ServiceProvider serviceProvider,
        String requestId,
        String acs,
        String relayState,
        boolean forceAuthn,
        boolean passive,
        String nameIdFormat,
        SamlAuthnContexts.Requirement requirement,
        RequestedSubject subject) {}
