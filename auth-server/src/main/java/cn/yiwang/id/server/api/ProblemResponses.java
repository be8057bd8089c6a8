package cn.yiwang.id.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * RFC 9457 problem responses for the REST APIs' authentication and authorization failures, with
 * the RFC 6750 {@code WWW-Authenticate} challenge a bearer-token client expects.
 */
public final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** The scope each API needs, by path. */
    static String requiredScope(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/admin/") ? "yiwang.admin" : "yiwang.account";
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        boolean invalidToken = exception instanceof InvalidBearerTokenException
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(
                response,
                HttpServletResponse.SC_UNAUTHORIZED,
                "Unauthorized",
                invalidToken
                        ? "The access token is missing, expired, revoked or malformed"
                        : "A bearer access token is required");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", scope=\"" + requiredScope(request) + "\"");
        write(
                response,
                HttpServletResponse.SC_FORBIDDEN,
                "Forbidden",
                "The access token lacks the scope " + requiredScope(request));
    }

    private static void write(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail + "\"}");
    }
}
