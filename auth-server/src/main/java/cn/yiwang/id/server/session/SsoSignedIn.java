package cn.yiwang.id.server.session;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Published when a browser gets a new SSO session, whatever the way in (password, SMS code, second
 * factor, registration, province), for what follows every sign-in: the activity record, cancelling a
 * pending account deletion.
 *
 * @param session the new session
 * @param request the request that signed in (its saved authorization request names the app)
 * @param response its response
 */
public record SsoSignedIn(SsoSession session, HttpServletRequest request, HttpServletResponse response) {}
