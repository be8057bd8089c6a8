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
 * @param deviceCodeTtl how long a device code and its user code live (device grant)
 * @param qrLoginApp whether the client is a provincial app that may scan and confirm QR sign-ins
 *     ({@code /qr/{id}/scan}, {@code /confirm}, {@code /cancel}) with its citizens' access tokens
 * @param province the alias of the provincial identity provider the app belongs to: its trust level caps
 *     the level of the QR sign-ins the app confirms; absent for a national app
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
                                        + "|urn:ietf:params:oauth:grant-type:device_code")
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
        @DefaultValue("10m") Duration deviceCodeTtl,
        @DefaultValue("false") boolean qrLoginApp,
        @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+") String province) {

    public ClientDefinition {
        redirectUris = (redirectUris != null) ? List.copyOf(redirectUris) : List.of();
        postLogoutRedirectUris = (postLogoutRedirectUris != null) ? List.copyOf(postLogoutRedirectUris) : List.of();
        scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
        grantTypes = (grantTypes != null)
                ? grantTypes.stream()
                        .map((g) -> DEVICE_CODE_SHORT.equals(g) ? DEVICE_CODE : g)
                        .toList()
                : List.of();
    }

    /** RFC 8628's grant type, and the short name the bootstrap file may use for it. */
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

    private static final String DEVICE_CODE_SHORT = "device_code";

    public boolean isPublic() {
        return this.clientSecret == null || this.clientSecret.isBlank() || "none".equals(this.clientSecret);
    }
}
