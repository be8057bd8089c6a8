package cn.yiwang.id.server.logout;

/**
 * A relying party page to load in an iframe when the browser's session ends (OIDC Front-Channel
 * Logout 1.0 §3).
 *
 * @param clientName shown while the page loads
 * @param uri the client's {@code frontchannel_logout_uri}, with {@code iss} and {@code sid} when it asked for them
 */
public record FrontChannelLogout(String clientName, String uri) {}
