package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Signs the browser out: ends its SSO session everywhere, then either goes straight to the target
 * or first shows the page that loads the relying parties' front-channel logout URIs.
 */
public final class BrowserLogout {

    static final String FRONT_CHANNEL = BrowserLogout.class.getName() + ".FRONT_CHANNEL";
    static final String TARGET = BrowserLogout.class.getName() + ".TARGET";
    static final String SID = BrowserLogout.class.getName() + ".SID";

    private final SsoSecurityContextRepository sessions;
    private final SsoSessionTerminator terminator;
    private final UpstreamLogoutLeg upstream;

    public BrowserLogout(
            SsoSecurityContextRepository sessions, SsoSessionTerminator terminator, UpstreamLogoutLeg upstream) {
        this.sessions = sessions;
        this.terminator = terminator;
        this.upstream = upstream;
    }

    public void logOut(HttpServletRequest request, HttpServletResponse response, String actor, String reason) {
        this.sessions.currentSid(request).ifPresent((sid) -> request.setAttribute(SID, sid));
        List<FrontChannelLogout> pages = this.sessions
                .currentSid(request)
                .map((sid) -> this.terminator.endAndCollectFrontChannel(sid, actor, reason))
                .orElse(List.of());
        this.sessions.clearCookie(request, response);
        request.setAttribute(FRONT_CHANNEL, pages);
    }

    /**
     * Sends the browser on to {@code target}: through the front-channel page when there is any, and
     * through the upstream IdP's logout when the session came from one.
     */
    public void finish(HttpServletRequest request, HttpServletResponse response, String requestedTarget)
            throws IOException, ServletException {
        String target = requestedTarget;
        if (request.getAttribute(SID) instanceof String sid) {
            target = this.upstream.prepare(sid, requestedTarget).orElse(requestedTarget);
        }
        Object pages = request.getAttribute(FRONT_CHANNEL);
        if (!(pages instanceof List<?> list) || list.isEmpty()) {
            response.sendRedirect(target);
            return;
        }
        request.setAttribute(TARGET, target);
        request.getRequestDispatcher("/logging-out").forward(request, response);
    }

    /**
     * Sends the browser on to {@code target} after sessions were ended some other way than by this
     * browser's own logout (an upstream IdP's logout request): through the front-channel page when
     * the ended sessions' relying parties have front-channel logout URIs.
     */
    public void continueTo(
            HttpServletRequest request, HttpServletResponse response, List<FrontChannelLogout> pages, String target)
            throws IOException, ServletException {
        if (pages.isEmpty()) {
            response.sendRedirect(target);
            return;
        }
        request.setAttribute(FRONT_CHANNEL, List.copyOf(pages));
        request.setAttribute(TARGET, target);
        request.getRequestDispatcher("/logging-out").forward(request, response);
    }
}
