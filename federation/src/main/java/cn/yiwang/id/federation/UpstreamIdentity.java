package cn.yiwang.id.federation;

import java.util.Map;

import cn.yiwang.id.account.realname.AssuranceLevel;

/**
 * One upstream sign-in, normalised whatever the IdP and protocol: who the upstream says the citizen
 * is, mapped to our account attributes.
 *
 * @param idpAlias the identity provider
 * @param subject the upstream subject (stable id at that IdP)
 * @param attributes mapped attributes: {@code name}, {@code id_number}, {@code id_document_type}, {@code phone}
 * @param assertedLevel the level the upstream asserts (before capping by the IdP's trust level)
 * @param idToken the upstream ID token, kept for upstream logout
 * @param upstreamSid the upstream session id ({@code sid}), if any, for back-channel logout from upstream
 */
public record UpstreamIdentity(String idpAlias, String subject, Map<String, String> attributes,
		AssuranceLevel assertedLevel, String idToken, String upstreamSid) {

	public UpstreamIdentity {
		attributes = Map.copyOf(attributes);
	}

	/** Never prints attributes (they hold the ID number and phone) or the token. */
	@Override
	public String toString() {
		return "UpstreamIdentity[idp=" + this.idpAlias + ", level=" + this.assertedLevel + "]";
	}

}
