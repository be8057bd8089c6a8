package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import java.util.List;
import java.util.Map;
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
 * @param protocol {@code oidc} (the default) or {@code saml}
 * @param issuer OIDC: the upstream issuer; SAML: the IdP's entity ID
 * @param clientId our client id at the upstream (OIDC only)
 * @param clientSecretEnv the name of the environment variable holding our client secret (OIDC only; none
 *     with {@code private_key_jwt})
 * @param clientAuthentication OIDC only: {@code client_secret_basic} (the default), {@code client_secret_post}
 *     or {@code private_key_jwt}
 * @param scopes scopes asked of the upstream (OIDC only)
 * @param claimMappings account attribute to upstream claim; read from the file as written (see
 *     {@link IdentityProviderBootstrap}), since binding would drop the {@code _} of {@code id_number}
 * @param trustLevel 1 to 4
 * @param enabled whether it may be used at all
 * @param shownOnLoginPage whether the login page offers it
 * @param order login-page position
 * @param saml SAML only: {@code metadata-url} or {@code metadata-xml}, {@code authn-context-levels}, and
 *     optionally {@code metadata-signing-certificate}
 *     (read from the file as written, since binding would split class references at their dots)
 */
public record IdentityProviderDefinition(
        String alias,
        String displayNameZh,
        String displayNameEn,
        String regionCode,
        @DefaultValue("oidc") String protocol,
        String issuer,
        String clientId,
        String clientSecretEnv,
        String clientAuthentication,
        List<String> scopes,
        Map<String, String> claimMappings,
        Integer trustLevel,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean shownOnLoginPage,
        @DefaultValue("0") int order,
        SamlDefinition saml) {

    /**
     * The {@code saml} settings of a definition.
     *
     * @param metadataUrl where the metadata is fetched (https)
     * @param metadataXml the metadata document itself (a YAML block scalar)
     * @param authnContextLevels class reference → level; read from the file as written instead
     * @param metadataSigningCertificate optional: the certificate (PEM or base64 DER) the metadata document must be
     *     signed with
     * @param legacyCbc optional ({@code legacy-cbc}), default false: its encrypted assertions may use AES-CBC
     */
    public record SamlDefinition(
            String metadataUrl,
            String metadataXml,
            Map<String, String> authnContextLevels,
            String metadataSigningCertificate,
            Boolean legacyCbc) {}

    /**
     * The provider this definition declares. Nothing is checked here: unknown values become null and
     * {@link IdentityProviderValidator} explains them.
     * @param clientSecret the secret read from {@link #clientSecretEnv()}, or null
     * @param rawClaimMappings the claim mappings as written in the file
     * @param rawAuthnContextLevels the SAML authentication-context levels as written in the file
     * @return the provider, {@code updatedAt} unset
     */
    IdentityProvider toIdentityProvider(
            String clientSecret, Map<String, String> rawClaimMappings, Map<String, Integer> rawAuthnContextLevels) {
        Protocol protocolValue = IdentityProviderValues.protocol(this.protocol);
        boolean isSaml = protocolValue == Protocol.SAML;
        // SAML has no client authentication: none unless one is written, which the rules then refuse
        ClientAuthentication method = IdentityProviderValues.clientAuthentication(
                (this.clientAuthentication != null || isSaml) ? this.clientAuthentication : "client_secret_basic");
        SamlSettings samlSettings = (this.saml != null)
                ? IdentityProviderValues.saml(
                        this.saml.metadataUrl(),
                        this.saml.metadataXml(),
                        rawAuthnContextLevels,
                        this.saml.metadataSigningCertificate(),
                        this.saml.legacyCbc())
                : null;
        return new IdentityProvider(
                this.alias,
                this.displayNameZh,
                this.displayNameEn,
                this.regionCode,
                protocolValue,
                this.issuer,
                this.clientId,
                clientSecret,
                method,
                IdentityProviderValues.scopes(this.scopes),
                IdentityProviderValues.claimMappings(rawClaimMappings),
                IdentityProviderValues.trustLevel(this.trustLevel),
                this.enabled,
                this.shownOnLoginPage,
                this.order,
                null,
                samlSettings);
    }
}
