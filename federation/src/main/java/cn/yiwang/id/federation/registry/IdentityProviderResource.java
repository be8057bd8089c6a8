package cn.yiwang.id.federation.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;

/**
 * An identity provider in the admin API's JSON. The client secret is write-only: requests may carry
 * {@code clientSecret}, responses never do and say {@code clientSecretSet} instead.
 * {@code clientSecretSet}, {@code updatedAt} and {@code version} are read-only and ignored in requests.
 *
 * <pre>
 * {
 *   "alias": "zhejiang", "displayNameZh": "浙里办", "displayNameEn": "Zhejiang", "regionCode": "330000",
 *   "protocol": "oidc", "issuer": "https://idp.zjzwfw.gov.cn", "clientId": "yiwang",
 *   "clientSecretSet": true, "clientAuthentication": "client_secret_basic",
 *   "scopes": ["openid", "profile"], "claimMappings": {"name": "name", "id_number": "idcard"},
 *   "trustLevel": 2, "enabled": true, "shownOnLoginPage": true, "order": 10,
 *   "updatedAt": "2026-03-01T08:00:00Z", "version": 3
 * }
 * </pre>
 *
 * @param alias 2 to 32 of {@code a-z 0-9 -}; on PUT, absent or equal to the URL's alias
 * @param displayNameZh login-page name in Chinese
 * @param displayNameEn login-page name in English
 * @param regionCode the province's 6-digit administrative division code
 * @param protocol {@code oidc} (the default)
 * @param issuer the upstream issuer: https, no query or fragment
 * @param clientId our client id at the upstream
 * @param clientSecret write-only; on PUT, absent keeps the stored secret (unless the method becomes
 *     {@code private_key_jwt}, which drops it)
 * @param clientSecretSet read-only: whether a secret is stored
 * @param clientAuthentication {@code client_secret_basic} (the default), {@code client_secret_post} or
 *     {@code private_key_jwt}
 * @param scopes scopes asked of the upstream; must include {@code openid}
 * @param claimMappings account attribute ({@code name}, {@code id_number}, {@code id_document_type},
 *     {@code phone}, {@code level}) to upstream claim name
 * @param trustLevel 1 to 4: the highest level of assurance this provider may assert
 * @param enabled default true
 * @param shownOnLoginPage default true
 * @param order login-page position, default 0
 * @param updatedAt read-only: last change
 * @param version read-only: the version, also the ETag
 */
public record IdentityProviderResource(String alias, String displayNameZh, String displayNameEn, String regionCode,
		String protocol, String issuer, String clientId, @JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret,
		Boolean clientSecretSet, String clientAuthentication, List<String> scopes, Map<String, String> claimMappings,
		Integer trustLevel, Boolean enabled, Boolean shownOnLoginPage, Integer order, Instant updatedAt,
		Integer version) {

	/**
	 * The response representation: everything but the secret.
	 * @param stored the provider as stored
	 * @return its representation
	 */
	public static IdentityProviderResource of(VersionedIdentityProvider stored) {
		IdentityProvider p = stored.provider();
		return new IdentityProviderResource(p.alias(), p.displayNameZh(), p.displayNameEn(), p.regionCode(),
				IdentityProviderValues.name(p.protocol()), p.issuer(), p.clientId(), null, p.clientSecret() != null,
				IdentityProviderValues.name(p.clientAuthentication()), p.scopes(), p.claimMappings(),
				p.trustLevel().value(), p.enabled(), p.shownOnLoginPage(), p.order(), p.updatedAt(), stored.version());
	}

	/**
	 * The provider this request asks for. Nothing is checked here: unknown values become null and
	 * {@link IdentityProviderValidator} explains them.
	 * @param storedSecret the secret stored so far, kept when the request carries none; null on create
	 * @return the provider, {@code updatedAt} unset (the repository sets it)
	 */
	public IdentityProvider toIdentityProvider(String storedSecret) {
		String protocolName = (this.protocol != null) ? this.protocol : "oidc";
		ClientAuthentication method = IdentityProviderValues
			.clientAuthentication((this.clientAuthentication != null) ? this.clientAuthentication : "client_secret_basic");
		String secret = this.clientSecret;
		if (secret == null && method != ClientAuthentication.PRIVATE_KEY_JWT) {
			secret = storedSecret;
		}
		return new IdentityProvider(this.alias, this.displayNameZh, this.displayNameEn, this.regionCode,
				IdentityProviderValues.protocol(protocolName), this.issuer, this.clientId, secret, method,
				IdentityProviderValues.scopes(this.scopes), IdentityProviderValues.claimMappings(this.claimMappings),
				IdentityProviderValues.trustLevel(this.trustLevel), (this.enabled != null) ? this.enabled : true,
				(this.shownOnLoginPage != null) ? this.shownOnLoginPage : true, (this.order != null) ? this.order : 0,
				null);
	}

	/** Keeps a request's secret out of logs. */
	@Override
	public String toString() {
		return "IdentityProviderResource[alias=" + this.alias + ", issuer=" + this.issuer + "]";
	}

}
