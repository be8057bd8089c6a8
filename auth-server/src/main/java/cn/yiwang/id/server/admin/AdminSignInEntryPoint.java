package cn.yiwang.id.server.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Sends a visitor without a live session to the console's sign-in page, first keeping where they were going: the
 * page, or the whole form when the session ended while it was being filled in ({@link KeptRequest}), so that it
 * is offered again after sign-in ({@code /admin/resume}).
 */
public final class AdminSignInEntryPoint implements AuthenticationEntryPoint {

    /** The sign-in page. */
    public static final String LOGIN = "/admin/login";

    // a kept form is for the fields people type, not for uploads
    private static final int MAX_KEPT_CHARS = 64 * 1024;

    private final AdminSignInAttempts attempts;

    private final AdminSecurityContextRepository contexts;

    public AdminSignInEntryPoint(AdminSignInAttempts attempts, AdminSecurityContextRepository contexts) {
        this.attempts = attempts;
        this.contexts = contexts;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean expired = this.contexts.hadSession(request);
        KeptRequest kept = keep(request, path);
        if (kept != null) {
            AdminSignInAttempt attempt = this.attempts.current(request).orElse(AdminSignInAttempt.empty());
            this.attempts.save(attempt.withKept(kept), request, response);
        }
        response.sendRedirect(request.getContextPath() + LOGIN + (expired ? "?expired" : ""));
    }

    private static KeptRequest keep(HttpServletRequest request, String path) {
        if (!path.startsWith("/admin/") || path.startsWith(LOGIN)) {
            return null;
        }
        String query = request.getQueryString();
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            return new KeptRequest("GET", path + ((query != null) ? "?" + query : ""), Map.of(), List.of());
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        int size = 0;
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if ("_csrf".equals(parameter.getKey())) {
                continue;
            }
            if (isSecret(parameter.getKey())) {
                // never kept in Redis nor shown again: typed again on the resume page
                dropped.add(parameter.getKey());
                continue;
            }
            List<String> values = List.of(parameter.getValue());
            for (String value : values) {
                size += parameter.getKey().length() + value.length();
            }
            form.put(parameter.getKey(), values);
        }
        return (size <= MAX_KEPT_CHARS) ? new KeptRequest(request.getMethod(), path, form, dropped) : null;
    }

    private static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret");
    }
}
