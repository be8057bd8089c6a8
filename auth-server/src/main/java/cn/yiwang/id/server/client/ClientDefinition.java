package cn.yiwang.id.server.client;

import cn.yiwang.id.account.realname.AssuranceLevel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One relying party as declared in the bootstrap file.
 *
 * @param clientId the OAuth {@code client_id}
 * @param clientName shown on the login and consent pages
 * @param clientSecret a hashed secret such as {@code {sha256}<hex>}, or {@code none} (or absent) for a public client
 * @param redirectUris exact redirect URIs (no wildcards)
 * @param postLogoutRedirectUris where RP-initiated logout may return
 * @param grantTypes authorization_code, refresh_token, client_credentials, and device_code (or its full name
 *     {@code urn:ietf:params:oauth:grant-type:device_code}, RFC 8628) for kiosks and TVs
 * @param scopes scopes the client may ask for
 * @param requireConsent whether the citizen must approve the scopes
 * @param requirePkce whether PKCE is required; always true for public clients
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime
 * @param authorizationCodeTtl authorization code lifetime
 * @param idTokenSignatureAlgorithm RS256 or ES256
 * @param backchannelLogoutUri where logout tokens are POSTed (OIDC Back-Channel Logout 1.0), or absent
 * @param backchannelLogoutSessionRequired whether logout tokens must carry {@code sid}
 * @param frontchannelLogoutUri the page loaded in an iframe at logout (OIDC Front-Channel Logout 1.0), or absent
 * @param frontchannelLogoutSessionRequired whether {@code iss} and {@code sid} are added to that page's URI
 * @param minimumAcr the lowest level of assurance the client accepts ({@code urn:yiwang:loa:1} to {@code :4}),
 *     or absent
 * @param releaseIdNumber whether the client may receive the full ID number under scope {@code realname}
 *     (administrators set it; the client must require consent)
 * @param webOrigins origins ({@code https://app.example.cn}) a browser app calls the endpoints from (CORS);
 *     {@code +} stands for the origins of the redirect URIs
 * @param tokenEndpointAuthMethod {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt}
 *     or {@code none}; absent means both secret methods with a secret, {@code none} without
 * @param tokenEndpointAuthSigningAlg for {@code private_key_jwt}: the one algorithm its assertions must use
 *     (RS256, PS256 or ES256); absent accepts all three
 * @param jwksUri for {@code private_key_jwt}: where the client publishes its public keys (fetched again for an
 *     unknown {@code kid})
 * @param jwks for {@code private_key_jwt}: its public keys inline, a JWK Set in JSON
 * @param subjectType {@code public} (the account id) or {@code pairwise} (OIDC Core §8.1)
 * @param sectorIdentifierUri for a pairwise client whose redirect URIs have several hosts: an https URL
 *     listing them all (OIDC Registration §5); its host is the sector
 * @param deviceCodeTtl how long a device code and its user code live (device grant)
 * @param qrLoginApp whether the client is a provincial app that may scan and confirm QR sign-ins
 *     ({@code /qr/{id}/scan}, {@code /confirm}, {@code /cancel}) with its citizens' access tokens
 * @param province the alias of the provincial identity provider the app belongs to: its trust level caps
 *     the level of the QR sign-ins the app confirms; absent for a national app
 * @param enabled a disabled client is refused everywhere, and kept
 * @param tokenExchangeAudiences for a service with the token-exchange grant (RFC 8693, short name
 *     {@code token_exchange}): the target services ({@code resource} or {@code audience} values) it may
 *     exchange a citizen's access token for
 */
public record ClientDefinition(
        @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._~-]+")
        String clientId,

        @Size(max = 200) String clientName,
        @Size(max = 200) String clientSecret,
        List<String> redirectUris,
        List<String> postLogoutRedirectUris,

        @NotEmpty
        List<
                        @Pattern(
                                regexp = "authorization_code|refresh_token|client_credentials|device_code"
                                        + "|urn:ietf:params:oauth:grant-type:device_code"
                                        + "|token_exchange|urn:ietf:params:oauth:grant-type:token-exchange")
                        String>
                grantTypes,

        List<String> scopes,
        @DefaultValue("false") boolean requireConsent,
        @DefaultValue("false") boolean requirePkce,
        @DefaultValue("10m") Duration accessTokenTtl,
        @DefaultValue("8h") Duration refreshTokenTtl,
        @DefaultValue("2m") Duration authorizationCodeTtl,

        @DefaultValue("RS256") @Pattern(regexp = "RS256|ES256")
        String idTokenSignatureAlgorithm,

        String backchannelLogoutUri,
        @DefaultValue("false") boolean backchannelLogoutSessionRequired,
        String frontchannelLogoutUri,
        @DefaultValue("false") boolean frontchannelLogoutSessionRequired,
        @Pattern(regexp = AssuranceLevel.ACR_PATTERN) String minimumAcr,
        @DefaultValue("false") boolean releaseIdNumber,
        List<@Size(max = 300) String> webOrigins,

        @Pattern(regexp = "client_secret_basic|client_secret_post|private_key_jwt|none")
        String tokenEndpointAuthMethod,

        @Pattern(regexp = "RS256|PS256|ES256") String tokenEndpointAuthSigningAlg,
        @Size(max = 1000) String jwksUri,
        @Size(max = 20000) String jwks,

        @DefaultValue("public") @Pattern(regexp = "public|pairwise")
        String subjectType,

        @Size(max = 1000) String sectorIdentifierUri,
        @DefaultValue("10m") Duration deviceCodeTtl,
        @DefaultValue("false") boolean qrLoginApp,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+") String province,
        @DefaultValue("true") boolean enabled,
        List<@Size(max = 300) @Pattern(regexp = "[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+") String> tokenExchangeAudiences) {

    /** Client authentication by a shared secret. */
    public static final List<String> SECRET_METHODS = List.of("client_secret_basic", "client_secret_post");

    public ClientDefinition {
        redirectUris = (redirectUris != null) ? List.copyOf(redirectUris) : List.of();
        postLogoutRedirectUris = (postLogoutRedirectUris != null) ? List.copyOf(postLogoutRedirectUris) : List.of();
        scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
        grantTypes = (grantTypes != null)
                ? grantTypes.stream()
                        .map((g) -> DEVICE_CODE_SHORT.equals(g) ? DEVICE_CODE : g)
                        .map((g) -> TOKEN_EXCHANGE_SHORT.equals(g) ? TOKEN_EXCHANGE : g)
                        .toList()
                : List.of();
        webOrigins = (webOrigins != null) ? List.copyOf(webOrigins) : List.of();
        subjectType = (subjectType != null) ? subjectType : "public";
        tokenExchangeAudiences = (tokenExchangeAudiences != null) ? List.copyOf(tokenExchangeAudiences) : List.of();
    }

    /** RFC 8693's grant type, and the short name the bootstrap file may use for it. */
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    private static final String TOKEN_EXCHANGE_SHORT = "token_exchange";

    /** RFC 8628's grant type, and the short name the bootstrap file may use for it. */
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    private static final String DEVICE_CODE_SHORT = "device_code";

    /** Whether a secret was given (anything but absent, blank or {@code none}). */
    public boolean hasSecret() {
        return !(this.clientSecret == null || this.clientSecret.isBlank() || "none".equals(this.clientSecret));
    }

    /** The methods the client authenticates with at the token, revocation and introspection endpoints. */
    public List<String> authenticationMethods() {
        if (this.tokenEndpointAuthMethod != null) {
            return List.of(this.tokenEndpointAuthMethod);
        }
        return hasSecret() ? SECRET_METHODS : List.of("none");
    }

    /** A public client (RFC 6749 §2.1): it holds no credential, so PKCE stands in for one. */
    public boolean isPublic() {
        return authenticationMethods().equals(List.of("none"));
    }

    public boolean isPairwise() {
        return "pairwise".equals(this.subjectType);
    }

    /** This definition with another enabled flag. */
    public ClientDefinition withEnabled(boolean enabled) {
        return new ClientDefinition(
                this.clientId,
                this.clientName,
                this.clientSecret,
                this.redirectUris,
                this.postLogoutRedirectUris,
                this.grantTypes,
                this.scopes,
                this.requireConsent,
                this.requirePkce,
                this.accessTokenTtl,
                this.refreshTokenTtl,
                this.authorizationCodeTtl,
                this.idTokenSignatureAlgorithm,
                this.backchannelLogoutUri,
                this.backchannelLogoutSessionRequired,
                this.frontchannelLogoutUri,
                this.frontchannelLogoutSessionRequired,
                this.minimumAcr,
                this.releaseIdNumber,
                this.webOrigins,
                this.tokenEndpointAuthMethod,
                this.tokenEndpointAuthSigningAlg,
                this.jwksUri,
                this.jwks,
                this.subjectType,
                this.sectorIdentifierUri,
                this.deviceCodeTtl,
                this.qrLoginApp,
                this.province,
                enabled,
                this.tokenExchangeAudiences);
    }

    /** This definition with another (hashed) secret. */
    public ClientDefinition withClientSecret(String hashedSecret) {
        return new ClientDefinition(
                this.clientId,
                this.clientName,
                hashedSecret,
                this.redirectUris,
                this.postLogoutRedirectUris,
                this.grantTypes,
                this.scopes,
                this.requireConsent,
                this.requirePkce,
                this.accessTokenTtl,
                this.refreshTokenTtl,
                this.authorizationCodeTtl,
                this.idTokenSignatureAlgorithm,
                this.backchannelLogoutUri,
                this.backchannelLogoutSessionRequired,
                this.frontchannelLogoutUri,
                this.frontchannelLogoutSessionRequired,
                this.minimumAcr,
                this.releaseIdNumber,
                this.webOrigins,
                this.tokenEndpointAuthMethod,
                this.tokenEndpointAuthSigningAlg,
                this.jwksUri,
                this.jwks,
                this.subjectType,
                this.sectorIdentifierUri,
                this.deviceCodeTtl,
                this.qrLoginApp,
                this.province,
                this.enabled,
                this.tokenExchangeAudiences);
    }
}
