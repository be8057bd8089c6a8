package cn.yiwang.id.server.session;

/**
 * A live SSO session as listed to its owner or an administrator.
 *
 * @param session who signed in, when and how
 * @param clientIp the client address, masked (last IPv4 octet, or all but the first three IPv6 groups)
 * @param userAgent the browser's user agent, shortened
 * @param device the client id of the device the session was opened for (a kiosk signed in through the
 *     RFC 8628 device grant), or null for a browser's session
 */
public record SsoSessionRecord(SsoSession session, String clientIp, String userAgent, String device) {

    /** A browser's session. */
    public SsoSessionRecord(SsoSession session, String clientIp, String userAgent) {
        this(session, clientIp, userAgent, null);
    }
}
