package cn.yiwang.id.server.client;

import cn.yiwang.id.server.logout.ClientLogoutSettings;
import cn.yiwang.id.server.qr.QrLoginApps;
import cn.yiwang.id.server.token.UserClaims;
import cn.yiwang.id.server.web.AcrRequirementFilter;
import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The definition of a client stored before the registry kept definitions (V7), read back from Spring
 * Authorization Server's columns, so the admin API can show and change it like any other.
 */
final class LegacyClients {

    private LegacyClients() {}

    static ClientDefinition definition(RegisteredClient client) {
        ClientSettings settings = client.getClientSettings();
        List<String> methods = client.getClientAuthenticationMethods().stream()
                .map(ClientAuthenticationMethod::getValue)
                .toList();
        String method = methods.contains("none") ? "none" : methods.size() == 1 ? methods.get(0) : null;
        return new ClientDefinition(
                client.getClientId(),
                client.getClientName(),
                client.getClientSecret(),
                List.copyOf(client.getRedirectUris()),
                List.copyOf(client.getPostLogoutRedirectUris()),
                client.getAuthorizationGrantTypes().stream()
                        .map(AuthorizationGrantType::getValue)
                        .toList(),
                List.copyOf(client.getScopes()),
                settings.isRequireAuthorizationConsent(),
                settings.isRequireProofKey(),
                client.getTokenSettings().getAccessTokenTimeToLive(),
                client.getTokenSettings().getRefreshTokenTimeToLive(),
                client.getTokenSettings().getAuthorizationCodeTimeToLive(),
                client.getTokenSettings().getIdTokenSignatureAlgorithm().getName(),
                settings.getSetting(ClientLogoutSettings.BACKCHANNEL_URI),
                Boolean.TRUE.equals(settings.getSetting(ClientLogoutSettings.BACKCHANNEL_SESSION_REQUIRED)),
                settings.getSetting(ClientLogoutSettings.FRONTCHANNEL_URI),
                Boolean.TRUE.equals(settings.getSetting(ClientLogoutSettings.FRONTCHANNEL_SESSION_REQUIRED)),
                settings.getSetting(AcrRequirementFilter.MINIMUM_ACR),
                Boolean.TRUE.equals(settings.getSetting(UserClaims.RELEASE_ID_NUMBER)),
                List.of(),
                method,
                null,
                null,
                null,
                "public",
                null,
                client.getTokenSettings().getDeviceCodeTimeToLive(),
                Boolean.TRUE.equals(settings.getSetting(QrLoginApps.QR_LOGIN_APP)),
                settings.getSetting(QrLoginApps.PROVINCE),
                true,
                List.of());
    }
}
