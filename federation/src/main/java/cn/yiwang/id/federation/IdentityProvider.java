package cn.yiwang.id.federation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.yiwang.id.account.realname.AssuranceLevel;

/**
 * A provincial identity provider the national login accepts (随申办, 浙里办, 粤省事 …).
 *
 * @param alias stable short name, used in URLs and {@code idp_hint} (e.g. {@code zhejiang})
 * @param displayNameZh name on the login page in Chinese
 * @param displayNameEn name on the login page in English
 * @param regionCode the province's administrative code (e.g. {@code 330000})
 * @param protocol how we talk to it
 * @param issuer the upstream issuer; its discovery document is {@code issuer + /.well-known/openid-configuration}
 * @param clientId our client id at the upstream
 * @param clientSecret our client secret there (decrypted; null with private_key_jwt)
 * @param clientAuthentication how we authenticate at its token endpoint
 * @param scopes scopes we ask for
 * @param claimMappings account attribute → upstream claim ({@code name}, {@code id_number},
 *     {@code id_document_type}, {@code phone}, {@code level})
 * @param trustLevel the highest level of assurance this IdP may assert
 * @param enabled whether it may be used at all
 * @param shownOnLoginPage whether the login page offers it
 * @param order position on the login page
 * @param updatedAt last change
 */
public record IdentityProvider(String alias, String displayNameZh, String displayNameEn, String regionCode,
		Protocol protocol, String issuer, String clientId, String clientSecret,
		ClientAuthentication clientAuthentication, List<String> scopes, Map<String, String> claimMappings,
		AssuranceLevel trustLevel, boolean enabled, boolean shownOnLoginPage, int order, Instant updatedAt) {

	public IdentityProvider {
		scopes = List.copyOf(scopes);
		claimMappings = Map.copyOf(claimMappings);
	}

	/** The protocols an upstream IdP can speak; SAML arrives with the SAML issue. */
	public enum Protocol {

		OIDC

	}

	/** How we authenticate to the upstream token endpoint. */
	public enum ClientAuthentication {

		CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT

	}

	/** Keeps the client secret out of logs. */
	@Override
	public String toString() {
		return "IdentityProvider[alias=" + this.alias + ", issuer=" + this.issuer + ", enabled=" + this.enabled + "]";
	}

}
