package cn.yiwang.id.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses malformed requests at every endpoint before Spring Security or any controller sees them, so input the
 * client got wrong is a 400 and never a 500 (and is logged once at INFO, without a stack trace):
 *
 * <ul>
 *   <li>any request: a declared body above {@value #MAX_BODY_BYTES} bytes (an upload, {@code multipart/form-data}:
 *       above {@value #MAX_UPLOAD_BYTES} bytes, so a photo too large for its form gets that form's own words);
 *       parameters the container cannot parse
 *       (invalid UTF-8 or percent-encoding, a form body too large, multipart without a boundary or broken);
 *   <li>the OAuth and OpenID Connect endpoints: a repeated parameter (RFC 6749 §3.1: parameters MUST NOT be
 *       included more than once; the consent form's {@code scope} checkboxes excepted);
 *   <li>those and the login form: a parameter value above 4 KiB, more than 64 parameters, a query string above
 *       8 KiB.
 * </ul>
 *
 * The answer is what the caller understands: the friendly error page for a browser's GET, RFC 9457 problem JSON for
 * the REST APIs, and {@code invalid_request} JSON (RFC 6749 §5.2) for everyone else.
 */
public final class ParameterLimitsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ParameterLimitsFilter.class);

    static final int MAX_VALUE_LENGTH = 4096;
    static final int MAX_PARAMETERS = 64;
    static final int MAX_QUERY_LENGTH = 8192;

    /** Larger than anything an endpoint accepts: a SAML response (256 KB), an SP's metadata (512 KB). */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    /** As {@code spring.servlet.multipart.max-request-size}, which Tomcat enforces while it parses the parts. */
    static final long MAX_UPLOAD_BYTES = 11L * 1024 * 1024;

    // the consent form posts one checkbox per scope
    private static final Set<String> REPEATABLE_ON_CONSENT = Set.of("scope");

    // Spring Security's CSRF token is no OAuth parameter, and a page form may carry it twice (the template's own
    // hidden field and the one Thymeleaf adds to th:action forms)
    private static final String CSRF = "_csrf";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request);
        if (problem == null) {
            chain.doFilter(request, response);
            return;
        }
        log.info("Refused a malformed {} request to {}: {}", request.getMethod(), safePath(request), problem);
        String accept = request.getHeader("Accept");
        boolean browser = "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html");
        response.setHeader("Cache-Control", "no-store");
        if (browser) {
            ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "invalid_request", problem);
            return;
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setCharacterEncoding("UTF-8");
        if (isApi(path(request))) {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter()
                    .write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + problem
                            + "\"}");
            return;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + problem + "\"}");
    }

    /** What is wrong with the request, in words safe to echo (no client input), or {@code null}. */
    static String problem(HttpServletRequest request) {
        String contentType = request.getContentType();
        boolean upload = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
        if (request.getContentLengthLong() > (upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES)) {
            return "The request body is too large";
        }
        String path = path(request);
        boolean protocol = isProtocol(path);
        String query = request.getQueryString();
        if (protocol && query != null && query.length() > MAX_QUERY_LENGTH) {
            return "The query string is too long";
        }
        Map<String, String[]> parameters;
        try {
            // Parses the query and a form or multipart body now, so nothing later meets a parse failure.
            parameters = request.getParameterMap();
        } catch (RuntimeException ex) {
            // Tomcat: IllegalStateException for bad encoding, a form body beyond its limit, or a multipart body
            // without a boundary; the cause is the client's, so it is neither rethrown nor logged with a trace.
            return "The request parameters or body cannot be read";
        }
        return protocol ? protocolProblem(request, path, parameters, isOAuth(path)) : null;
    }

    private static String protocolProblem(
            HttpServletRequest request, String path, Map<String, String[]> parameters, boolean oauth) {
        if (parameters.size() > MAX_PARAMETERS) {
            return "Too many parameters";
        }
        boolean consent = "POST".equals(request.getMethod()) && path.equals("/oauth2/authorize");
        for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
            if (entry.getKey().length() > 128) {
                return "A parameter name is too long";
            }
            String[] values = entry.getValue();
            if (oauth
                    && values.length > 1
                    && !CSRF.equals(entry.getKey())
                    && !(consent && REPEATABLE_ON_CONSENT.contains(entry.getKey()))) {
                return "Parameter " + safeName(entry.getKey()) + " is repeated";
            }
            for (String value : values) {
                if (value != null && value.length() > MAX_VALUE_LENGTH) {
                    return "Parameter " + safeName(entry.getKey()) + " is too long";
                }
            }
        }
        return null;
    }

    /** The OAuth 2.0 and OpenID Connect endpoints, and the login form that carries their requests on. */
    static boolean isProtocol(String path) {
        return isOAuth(path) || path.equals("/login");
    }

    /** The OAuth 2.0 and OpenID Connect endpoints, where no parameter may repeat. */
    static boolean isOAuth(String path) {
        return path.startsWith("/oauth2/")
                || path.startsWith("/connect/")
                || path.startsWith("/.well-known/")
                || path.equals("/userinfo");
    }

    private static boolean isApi(String path) {
        return path.startsWith("/admin/api/") || path.startsWith("/account/api/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String safePath(HttpServletRequest request) {
        String path = path(request);
        return (path.length() > 100 ? path.substring(0, 100) : path).replaceAll("[^A-Za-z0-9_./-]", "?");
    }

    private static String safeName(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
