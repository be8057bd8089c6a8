package cn.yiwang.id.server.logout;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * A client's logout registration (OIDC Back-Channel Logout 1.0 §2.2, Front-Channel Logout 1.0 §2),
 * kept as custom client settings.
 *
 * @param backChannelUri where logout tokens are POSTed, or null
 * @param backChannelSessionRequired whether the logout token must carry {@code sid}
 * @param frontChannelUri the page loaded in an iframe at logout, or null
 * @param frontChannelSessionRequired whether {@code iss} and {@code sid} are added to that URI
 */
public record ClientLogoutSettings(
        String backChannelUri,
        boolean backChannelSessionRequired,
        String frontChannelUri,
        boolean frontChannelSessionRequired) {

    public static final String BACKCHANNEL_URI = "settings.client.backchannel-logout-uri";
    public static final String BACKCHANNEL_SESSION_REQUIRED = "settings.client.backchannel-logout-session-required";
    public static final String FRONTCHANNEL_URI = "settings.client.frontchannel-logout-uri";
    public static final String FRONTCHANNEL_SESSION_REQUIRED = "settings.client.frontchannel-logout-session-required";

    public static ClientLogoutSettings of(RegisteredClient client) {
        ClientSettings settings = client.getClientSettings();
        return new ClientLogoutSettings(
                settings.getSetting(BACKCHANNEL_URI),
                Boolean.TRUE.equals(settings.getSetting(BACKCHANNEL_SESSION_REQUIRED)),
                settings.getSetting(FRONTCHANNEL_URI),
                Boolean.TRUE.equals(settings.getSetting(FRONTCHANNEL_SESSION_REQUIRED)));
    }
}
