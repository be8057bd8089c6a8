package cn.yiwang.id.server.session;

/**
 * A live SSO session as listed to its owner or an administrator.
 *
 * @param session who signed in, when and how
 * @param clientIp the client address, masked (last IPv4 octet, or all but the first three IPv6 groups)
 * @param userAgent the browser's user agent, shortened
 */
public record SsoSessionRecord(SsoSession session, String clientIp, String userAgent) {}
