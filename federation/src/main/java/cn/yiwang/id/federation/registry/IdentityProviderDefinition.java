package cn.yiwang.id.federation.registry;

import java.util.List;
import java.util.Map;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One identity provider as declared in the bootstrap file ({@code identity-providers[i]}). The same
 * fields as the admin API, in kebab-case, except the secret: {@code client-secret-env} names the
 * environment variable that holds it, so no secret is ever written in the file.
 *
 * @param alias 2 to 32 of {@code a-z 0-9 -}
 * @param displayNameZh login-page name in Chinese
 * @param displayNameEn login-page name in English
 * @param regionCode the province's 6-digit administrative division code
 * @param protocol {@code oidc}
 * @param issuer the upstream issuer
 * @param clientId our client id at the upstream
 * @param clientSecretEnv the name of the environment variable holding our client secret (none with
 *     {@code private_key_jwt})
 * @param clientAuthentication {@code client_secret_basic}, {@code client_secret_post} or {@code private_key_jwt}
 * @param scopes scopes asked of the upstream
 * @param claimMappings account attribute to upstream claim; read from the file as written (see
 *     {@link IdentityProviderBootstrap}), since binding would drop the {@code _} of {@code id_number}
 * @param trustLevel 1 to 4
 * @param enabled whether it may be used at all
 * @param shownOnLoginPage whether the login page offers it
 * @param order login-page position
 */
public record IdentityProviderDefinition(String alias, String displayNameZh, String displayNameEn, String regionCode,
		@DefaultValue("oidc") String protocol, String issuer, String clientId, String clientSecretEnv,
		@DefaultValue("client_secret_basic") String clientAuthentication, List<String> scopes,
		Map<String, String> claimMappings, Integer trustLevel, @DefaultValue("true") boolean enabled,
		@DefaultValue("true") boolean shownOnLoginPage, @DefaultValue("0") int order) {

	/**
	 * The provider this definition declares. Nothing is checked here: unknown values become null and
	 * {@link IdentityProviderValidator} explains them.
	 * @param clientSecret the secret read from {@link #clientSecretEnv()}, or null
	 * @param rawClaimMappings the claim mappings as written in the file
	 * @return the provider, {@code updatedAt} unset
	 */
	IdentityProvider toIdentityProvider(String clientSecret, Map<String, String> rawClaimMappings) {
		ClientAuthentication method = IdentityProviderValues.clientAuthentication(this.clientAuthentication);
		return new IdentityProvider(this.alias, this.displayNameZh, this.displayNameEn, this.regionCode,
				IdentityProviderValues.protocol(this.protocol), this.issuer, this.clientId, clientSecret, method,
				IdentityProviderValues.scopes(this.scopes), IdentityProviderValues.claimMappings(rawClaimMappings),
				IdentityProviderValues.trustLevel(this.trustLevel), this.enabled, this.shownOnLoginPage, this.order,
				null);
	}

}
