package cn.yiwang.id.server.client;

import cn.yiwang.id.server.exchange.TokenExchangeAudiences;
import cn.yiwang.id.server.logout.ClientLogoutSettings;
import cn.yiwang.id.server.qr.QrLoginApps;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.web.AcrRequirementFilter;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Turns a client definition (bootstrap file, admin API, registration) into Spring Authorization Server's client. */
public final class ClientDefinitions {

    private ClientDefinitions() {}

    /**
     * @param definition a valid definition
     * @param id the stored id (kept across updates: consents and tokens refer to it)
     * @param issuedAt when the client id was first issued
     */
    public static RegisteredClient toRegisteredClient(ClientDefinition definition, String id, Instant issuedAt) {
        RegisteredClient.Builder builder = RegisteredClient.withId(id)
                .clientId(definition.clientId())
                .clientIdIssuedAt(issuedAt)
                .clientName((definition.clientName() != null) ? definition.clientName() : definition.clientId());
        if (definition.hasSecret()) {
            builder.clientSecret(definition.clientSecret());
        }
        definition
                .authenticationMethods()
                .forEach((method) -> builder.clientAuthenticationMethod(new ClientAuthenticationMethod(method)));
        definition.grantTypes().forEach((g) -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
        definition.redirectUris().forEach(builder::redirectUri);
        definition.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        definition.scopes().forEach(builder::scope);
        ClientSettings.Builder settings = ClientSettings.builder()
                .requireProofKey(definition.isPublic() || definition.requirePkce())
                .requireAuthorizationConsent(definition.requireConsent());
        if (definition.backchannelLogoutUri() != null) {
            settings.setting(ClientLogoutSettings.BACKCHANNEL_URI, definition.backchannelLogoutUri())
                    .setting(
                            ClientLogoutSettings.BACKCHANNEL_SESSION_REQUIRED,
                            definition.backchannelLogoutSessionRequired());
        }
        if (definition.frontchannelLogoutUri() != null) {
            settings.setting(ClientLogoutSettings.FRONTCHANNEL_URI, definition.frontchannelLogoutUri())
                    .setting(
                            ClientLogoutSettings.FRONTCHANNEL_SESSION_REQUIRED,
                            definition.frontchannelLogoutSessionRequired());
        }
        if (definition.releaseIdNumber()) {
            settings.setting(UserClaims.RELEASE_ID_NUMBER, true);
        }
        if (definition.minimumAcr() != null) {
            settings.setting(AcrRequirementFilter.MINIMUM_ACR, definition.minimumAcr());
        }
        Set<String> origins = webOrigins(definition);
        if (!origins.isEmpty()) {
            settings.setting(RelyingPartySettings.WEB_ORIGINS, String.join(" ", origins));
        }
        if (definition.authenticationMethods().contains("private_key_jwt")) {
            String algorithm = definition.tokenEndpointAuthSigningAlg();
            // Spring Authorization Server labels an assertion private_key_jwt when a signature algorithm is set;
            // which ones are accepted is ours to say (all three unless the client registered one)
            settings.tokenEndpointAuthenticationSigningAlgorithm(
                    SignatureAlgorithm.from((algorithm != null) ? algorithm : "RS256"));
            settings.setting(
                    RelyingPartySettings.ASSERTION_ALGORITHMS, (algorithm != null) ? algorithm : "RS256 PS256 ES256");
            if (definition.jwksUri() != null) {
                settings.jwkSetUrl(definition.jwksUri());
            }
            if (definition.jwks() != null) {
                settings.setting(RelyingPartySettings.JWKS, definition.jwks());
            }
        }
        if (definition.isPairwise()) {
            settings.setting(RelyingPartySettings.PAIRWISE_SECTOR, sector(definition));
        }
        if (definition.qrLoginApp()) {
            settings.setting(QrLoginApps.QR_LOGIN_APP, true);
        }
        if (definition.province() != null) {
            settings.setting(QrLoginApps.PROVINCE, definition.province());
        }
        if (!definition.tokenExchangeAudiences().isEmpty()) {
            settings.setting(TokenExchangeAudiences.SETTING, String.join(" ", definition.tokenExchangeAudiences()));
        }
        builder.clientSettings(settings.build());
        builder.tokenSettings(TokenSettings.builder()
                .accessTokenTimeToLive(definition.accessTokenTtl())
                .refreshTokenTimeToLive(definition.refreshTokenTtl())
                .authorizationCodeTimeToLive(definition.authorizationCodeTtl())
                .deviceCodeTimeToLive(definition.deviceCodeTtl())
                .reuseRefreshTokens(false)
                .idTokenSignatureAlgorithm(SignatureAlgorithm.from(definition.idTokenSignatureAlgorithm()))
                .build());
        return builder.build();
    }

    /** The registered origins, {@code +} replaced by the origins of the http(s) redirect URIs. */
    static Set<String> webOrigins(ClientDefinition definition) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : definition.webOrigins()) {
            if ("+".equals(origin)) {
                definition.redirectUris().stream()
                        .map(ClientDefinitions::originOf)
                        .filter((o) -> o != null)
                        .forEach(origins::add);
            } else {
                origins.add(normalizeOrigin(origin));
            }
        }
        return origins;
    }

    /** OIDC Core §8.1: the host of the sector identifier URI, else the one host of the redirect URIs. */
    static String sector(ClientDefinition definition) {
        if (definition.sectorIdentifierUri() != null) {
            return URI.create(definition.sectorIdentifierUri()).getHost().toLowerCase(Locale.ROOT);
        }
        return RedirectHosts.of(definition.redirectUris()).stream().findFirst().orElse(definition.clientId());
    }

    /** The serialised origin of an http(s) URL (RFC 6454 §6.2), or null for another scheme. */
    static String originOf(String url) {
        try {
            URI uri = new URI(url);
            String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException ex) {
            return null;
        }
    }

    private static String normalizeOrigin(String origin) {
        String normalized = originOf(origin);
        return (normalized != null) ? normalized : origin;
    }
}
