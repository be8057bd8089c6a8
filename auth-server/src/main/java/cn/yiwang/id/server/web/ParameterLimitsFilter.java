package cn.yiwang.id.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized protocol requests with {@code invalid_request} before any work is done:
 * no parameter value above 4 KiB, no more than 64 parameters, no query string above 8 KiB.
 */
public final class ParameterLimitsFilter extends OncePerRequestFilter {

    static final int MAX_VALUE_LENGTH = 4096;
    static final int MAX_PARAMETERS = 64;
    static final int MAX_QUERY_LENGTH = 8192;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/oauth2/")
                || path.startsWith("/connect/")
                || path.equals("/userinfo")
                || path.equals("/login"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request);
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        String accept = request.getHeader("Accept");
        boolean browser = "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
        if (browser) {
            ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "invalid_request", problem);
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + problem + "\"}");
    }

    private static String problem(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            return "The query string is too long";
        }
        Map<String, String[]> parameters = request.getParameterMap();
        if (parameters.size() > MAX_PARAMETERS) {
            return "Too many parameters";
        }
        for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
            if (entry.getKey().length() > 128) {
                return "A parameter name is too long";
            }
            for (String value : entry.getValue()) {
                if (value != null && value.length() > MAX_VALUE_LENGTH) {
                    return "Parameter " + safeName(entry.getKey()) + " is too long";
                }
            }
        }
        return null;
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
