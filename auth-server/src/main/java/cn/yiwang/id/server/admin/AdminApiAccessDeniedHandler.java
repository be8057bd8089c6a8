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
 * A token refused at the admin API for lack of a permission: an {@code admin.denied} audit event naming the client,
 * then the API's own 403 answer.
 */
public final class AdminApiAccessDeniedHandler implements AccessDeniedHandler {

    private final AccessDeniedHandler delegate;

    private final AuditLog audit;

    private final Clock clock;

    public AdminApiAccessDeniedHandler(AccessDeniedHandler delegate, AuditLog audit, Clock clock) {
        this.delegate = delegate;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (path.startsWith("/admin/api/") && authentication != null) {
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "admin.denied",
                    authentication.getName(),
                    null,
                    authentication.getName(),
                    null,
                    "denied",
                    request.getMethod() + " " + ((path.length() > 200) ? path.substring(0, 200) : path)));
        }
        this.delegate.handle(request, response, denied);
    }
}
