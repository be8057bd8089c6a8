package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.IdentityProvider.Protocol;
import cn.yiwang.id.federation.SamlSettings;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * A SAML provider has no client, secret or scopes; its {@code issuer} is the IdP's entity ID:
 *
 * <pre>
 * {
 *   "alias": "jiangsu", "displayNameZh": "苏服办", "displayNameEn": "Jiangsu", "regionCode": "320000",
 *   "protocol": "saml", "issuer": "https://idp.jszwfw.gov.cn/saml",
 *   "saml": {"metadataUrl": "https://idp.jszwfw.gov.cn/saml/metadata",
 *            "authnContextLevels": {"urn:js:loa:high": 3}},
 *   "claimMappings": {"name": "urn:oid:2.5.4.3", "id_number": "idcard"}, "trustLevel": 2
 * }
 * </pre>
 *
 * @param alias 2 to 32 of {@code a-z 0-9 -}; on PUT, absent or equal to the URL's alias
 * @param displayNameZh login-page name in Chinese
 * @param displayNameEn login-page name in English
 * @param regionCode the province's 6-digit administrative division code
 * @param protocol {@code oidc} (the default) or {@code saml}
 * @param issuer OIDC: the upstream issuer: https, no query or fragment; SAML: the IdP's entity ID
 * @param clientId our client id at the upstream (OIDC only)
 * @param clientSecret write-only; on PUT, absent keeps the stored secret (unless the method becomes
 *     {@code private_key_jwt}, which drops it)
 * @param clientSecretSet read-only: whether a secret is stored
 * @param clientAuthentication OIDC only: {@code client_secret_basic} (the default), {@code client_secret_post}
 *     or {@code private_key_jwt}
 * @param scopes OIDC only: scopes asked of the upstream; must include {@code openid}
 * @param claimMappings account attribute ({@code name}, {@code id_number}, {@code id_document_type},
 *     {@code phone}, {@code level}) to upstream claim name, or SAML attribute {@code Name}
 * @param trustLevel 1 to 4: the highest level of assurance this provider may assert
 * @param enabled default true
 * @param shownOnLoginPage default true
 * @param order login-page position, default 0
 * @param saml SAML only: where its metadata comes from and which authentication contexts mean which level
 * @param updatedAt read-only: last change
 * @param version read-only: the version, also the ETag
 */
public record IdentityProviderResource(
        String alias,
        String displayNameZh,
        String displayNameEn,
        String regionCode,
        String protocol,
        String issuer,
        String clientId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret,
        Boolean clientSecretSet,
        String clientAuthentication,
        List<String> scopes,
        Map<String, String> claimMappings,
        Integer trustLevel,
        Boolean enabled,
        Boolean shownOnLoginPage,
        Integer order,
        @JsonInclude(JsonInclude.Include.NON_NULL) Saml saml,
        Instant updatedAt,
        Integer version) {

    /**
     * The response representation: everything but the secret.
     * @param stored the provider as stored
     * @return its representation
     */
    public static IdentityProviderResource of(VersionedIdentityProvider stored) {
        IdentityProvider p = stored.provider();
        return new IdentityProviderResource(
                p.alias(),
                p.displayNameZh(),
                p.displayNameEn(),
                p.regionCode(),
                IdentityProviderValues.name(p.protocol()),
                p.issuer(),
                p.clientId(),
                null,
                p.clientSecret() != null,
                IdentityProviderValues.name(p.clientAuthentication()),
                p.scopes(),
                p.claimMappings(),
                p.trustLevel().value(),
                p.enabled(),
                p.shownOnLoginPage(),
                p.order(),
                Saml.of(p.saml()),
                p.updatedAt(),
                stored.version());
    }

    /**
     * The provider this request asks for. Nothing is checked here: unknown values become null and
     * {@link IdentityProviderValidator} explains them.
     * @param storedSecret the secret stored so far, kept when the request carries none; null on create
     * @return the provider, {@code updatedAt} unset (the repository sets it)
     */
    public IdentityProvider toIdentityProvider(String storedSecret) {
        Protocol protocolValue = IdentityProviderValues.protocol((this.protocol != null) ? this.protocol : "oidc");
        boolean saml = protocolValue == Protocol.SAML;
        // SAML has no client authentication: none unless one is asked for, which the rules then refuse
        String methodName =
                (this.clientAuthentication != null || saml) ? this.clientAuthentication : "client_secret_basic";
        ClientAuthentication method = IdentityProviderValues.clientAuthentication(methodName);
        String secret = this.clientSecret;
        if (secret == null && !saml && method != ClientAuthentication.PRIVATE_KEY_JWT) {
            secret = storedSecret;
        }
        return new IdentityProvider(
                this.alias,
                this.displayNameZh,
                this.displayNameEn,
                this.regionCode,
                protocolValue,
                this.issuer,
                this.clientId,
                secret,
                method,
                IdentityProviderValues.scopes(this.scopes),
                IdentityProviderValues.claimMappings(this.claimMappings),
                IdentityProviderValues.trustLevel(this.trustLevel),
                (this.enabled != null) ? this.enabled : true,
                (this.shownOnLoginPage != null) ? this.shownOnLoginPage : true,
                (this.order != null) ? this.order : 0,
                null,
                (this.saml != null) ? this.saml.toSettings() : null);
    }

    /**
     * A SAML provider's settings in the admin API's JSON.
     *
     * @param metadataUrl where its metadata is fetched (https); exactly one of this and {@code metadataXml}
     * @param metadataXml its metadata document (an {@code EntityDescriptor}, or an {@code EntitiesDescriptor}
     *     holding the entity named by {@code issuer})
     * @param authnContextLevels {@code AuthnContextClassRef} → level 1 to 4, on top of
     *     {@code urn:yiwang:loa:1} … {@code 4}
     * @param metadataSigningCertificate optional: the certificate (PEM or base64 DER) the metadata document must be
     *     signed with
     * @param legacyCbc optional, default false: its encrypted assertions may use AES-CBC (every use audited)
     */
    public record Saml(
            @JsonInclude(JsonInclude.Include.NON_NULL) String metadataUrl,
            @JsonInclude(JsonInclude.Include.NON_NULL) String metadataXml,
            Map<String, Integer> authnContextLevels,
            @JsonInclude(JsonInclude.Include.NON_NULL) String metadataSigningCertificate,
            Boolean legacyCbc) {

        static Saml of(SamlSettings settings) {
            return (settings != null)
                    ? new Saml(
                            settings.metadataUrl(),
                            settings.metadataXml(),
                            settings.authnContextLevels(),
                            settings.metadataSigningCertificate(),
                            settings.legacyCbc())
                    : null;
        }

        SamlSettings toSettings() {
            return IdentityProviderValues.saml(
                    this.metadataUrl,
                    this.metadataXml,
                    this.authnContextLevels,
                    this.metadataSigningCertificate,
                    this.legacyCbc);
        }
    }

    /** Keeps a request's secret out of logs. */
    @Override
    public String toString() {
        return "IdentityProviderResource[alias=" + this.alias + ", issuer=" + this.issuer + "]";
    }
}
