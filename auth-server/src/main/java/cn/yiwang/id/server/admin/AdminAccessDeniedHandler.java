package cn.yiwang.id.server.admin;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * An administrator trying what the role does not allow: an {@code admin.denied} audit event naming the
 * administrator and the request, then the console's 403 page ({@code /admin/denied}).
 */
public final class AdminAccessDeniedHandler implements AccessDeniedHandler {

    /** The 403 page. */
    public static final String PAGE = "/admin/denied";

    private final AuditLog audit;

    private final Clock clock;

    public AdminAccessDeniedHandler(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (authentication instanceof AdminAuthentication administrator) {
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "admin.denied",
                    "admin:" + administrator.getName(),
                    null,
                    null,
                    null,
                    "denied",
                    request.getMethod() + " " + limit(path) + " (role " + administrator.role() + ")"));
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        request.getRequestDispatcher(PAGE).forward(request, response);
    }

    private static String limit(String path) {
        return (path.length() > 200) ? path.substring(0, 200) : path;
    }
}
