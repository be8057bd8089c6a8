package cn.yiwang.id.federation;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.util.Map;

/**
 * One upstream sign-in, normalised whatever the IdP and protocol: who the upstream says the citizen
 * is, mapped to our account attributes.
 *
 * @param idpAlias the identity provider
 * @param subject the upstream subject (stable id at that IdP)
 * @param attributes mapped attributes: {@code name}, {@code id_number}, {@code id_document_type}, {@code phone}
 * @param assertedLevel the level the upstream asserts (before capping by the IdP's trust level)
 * @param idToken the upstream ID token, kept for upstream logout
 * @param upstreamSid the upstream session id ({@code sid}), if any, for back-channel logout from upstream; for
 *     SAML the assertion's {@code SessionIndex}
 * @param samlNameId for SAML, the NameID with its format and qualifiers, which Single Logout names the
 *     principal by; {@code null} for OIDC
 */
public record UpstreamIdentity(
        String idpAlias,
        String subject,
        Map<String, String> attributes,
        AssuranceLevel assertedLevel,
        String idToken,
        String upstreamSid,
        SamlNameId samlNameId) {

    public UpstreamIdentity {
        attributes = Map.copyOf(attributes);
    }

    /** An identity without a SAML NameID (OIDC). */
    public UpstreamIdentity(
            String idpAlias,
            String subject,
            Map<String, String> attributes,
            AssuranceLevel assertedLevel,
            String idToken,
            String upstreamSid) {
        this(idpAlias, subject, attributes, assertedLevel, idToken, upstreamSid, null);
    }

    /** Never prints attributes (they hold the ID number and phone) or the token. */
    @Override
    public String toString() {
        return "UpstreamIdentity[idp=" + this.idpAlias + ", level=" + this.assertedLevel + "]";
    }
}
