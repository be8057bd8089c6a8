package cn.yiwang.id.federation;

import cn.yiwang.id.account.realname.AssuranceLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A provincial identity provider the national login accepts (随申办, 浙里办, 粤省事 …).
 *
 * @param alias stable short name, used in URLs and {@code idp_hint} (e.g. {@code zhejiang})
 * @param displayNameZh name on the login page in Chinese
 * @param displayNameEn name on the login page in English
 * @param regionCode the province's administrative code (e.g. {@code 330000})
 * @param protocol how we talk to it
 * @param issuer OIDC: the upstream issuer, whose discovery document is
 *     {@code issuer + /.well-known/openid-configuration}; SAML: the IdP's entity ID in its metadata
 * @param clientId our client id at the upstream (OIDC only, else null)
 * @param clientSecret our client secret there (decrypted; null with private_key_jwt and SAML)
 * @param clientAuthentication how we authenticate at its token endpoint (OIDC only, else null)
 * @param scopes scopes we ask for (OIDC only, else empty)
 * @param claimMappings account attribute → upstream claim, or SAML attribute {@code Name} ({@code name},
 *     {@code id_number}, {@code id_document_type}, {@code phone}, {@code level})
 * @param trustLevel the highest level of assurance this IdP may assert
 * @param enabled whether it may be used at all
 * @param shownOnLoginPage whether the login page offers it
 * @param order position on the login page
 * @param updatedAt last change
 * @param saml SAML only (else null): its metadata and authentication-context levels
 */
public record IdentityProvider(
        String alias,
        String displayNameZh,
        String displayNameEn,
        String regionCode,
        Protocol protocol,
        String issuer,
        String clientId,
        String clientSecret,
        ClientAuthentication clientAuthentication,
        List<String> scopes,
        Map<String, String> claimMappings,
        AssuranceLevel trustLevel,
        boolean enabled,
        boolean shownOnLoginPage,
        int order,
        Instant updatedAt,
        SamlSettings saml) {

    public IdentityProvider {
        scopes = List.copyOf(scopes);
        claimMappings = Map.copyOf(claimMappings);
    }

    /**
     * An OpenID Connect provider (no SAML settings).
     * @param alias stable short name
     * @param displayNameZh name on the login page in Chinese
     * @param displayNameEn name on the login page in English
     * @param regionCode the province's administrative code
     * @param protocol how we talk to it
     * @param issuer the upstream issuer
     * @param clientId our client id at the upstream
     * @param clientSecret our client secret there
     * @param clientAuthentication how we authenticate at its token endpoint
     * @param scopes scopes we ask for
     * @param claimMappings account attribute → upstream claim
     * @param trustLevel the highest level of assurance this IdP may assert
     * @param enabled whether it may be used at all
     * @param shownOnLoginPage whether the login page offers it
     * @param order position on the login page
     * @param updatedAt last change
     */
    public IdentityProvider(
            String alias,
            String displayNameZh,
            String displayNameEn,
            String regionCode,
            Protocol protocol,
            String issuer,
            String clientId,
            String clientSecret,
            ClientAuthentication clientAuthentication,
            List<String> scopes,
            Map<String, String> claimMappings,
            AssuranceLevel trustLevel,
            boolean enabled,
            boolean shownOnLoginPage,
            int order,
            Instant updatedAt) {
        this(
                alias,
                displayNameZh,
                displayNameEn,
                regionCode,
                protocol,
                issuer,
                clientId,
                clientSecret,
                clientAuthentication,
                scopes,
                claimMappings,
                trustLevel,
                enabled,
                shownOnLoginPage,
                order,
                updatedAt,
                null);
    }

    /**
     * The same provider with another alias and time of change, for the registry's storage and admin API.
     * @param newAlias the alias
     * @param newUpdatedAt the time of the last change
     * @return the copy
     */
    public IdentityProvider with(String newAlias, Instant newUpdatedAt) {
        return new IdentityProvider(
                newAlias,
                this.displayNameZh,
                this.displayNameEn,
                this.regionCode,
                this.protocol,
                this.issuer,
                this.clientId,
                this.clientSecret,
                this.clientAuthentication,
                this.scopes,
                this.claimMappings,
                this.trustLevel,
                this.enabled,
                this.shownOnLoginPage,
                this.order,
                newUpdatedAt,
                this.saml);
    }

    /** The protocols an upstream IdP can speak. */
    public enum Protocol {

        /** OpenID Connect: authorization code with PKCE. */
        OIDC,

        /** SAML 2.0 Web Browser SSO: signed AuthnRequest, Response over HTTP-POST. */
        SAML
    }

    /** How we authenticate to the upstream token endpoint. */
    public enum ClientAuthentication {
        CLIENT_SECRET_BASIC,
        CLIENT_SECRET_POST,
        PRIVATE_KEY_JWT
    }

    /** Keeps the client secret out of logs. */
    @Override
    public String toString() {
        return "IdentityProvider[alias=" + this.alias + ", protocol=" + this.protocol + ", issuer=" + this.issuer
                + ", enabled=" + this.enabled + "]";
    }
}
