package cn.yiwang.id.federation.signin;

import cn.yiwang.id.federation.SamlNameId;

/**
 * The upstream side of a national session.
 *
 * @param idpAlias the identity provider
 * @param idToken its ID token (OIDC), or null
 * @param upstreamSubject the upstream subject (the SAML NameID's value)
 * @param upstreamSid the upstream session id (OIDC {@code sid}, SAML {@code SessionIndex}), or null
 * @param samlNameId for SAML, the NameID with its format and qualifiers; null for OIDC
 */
public record UpstreamSession(
        String idpAlias, String idToken, String upstreamSubject, String upstreamSid, SamlNameId samlNameId) {

    /** The upstream side of a session from an OIDC provider. */
    public UpstreamSession(String idpAlias, String idToken, String upstreamSubject, String upstreamSid) {
        this(idpAlias, idToken, upstreamSubject, upstreamSid, null);
    }
}
