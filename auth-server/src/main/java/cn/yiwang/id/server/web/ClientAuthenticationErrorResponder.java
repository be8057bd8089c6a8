package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The error response of the client-authenticated endpoints (token, introspection, revocation),
 * RFC 6749 §5.2: {@code invalid_client} is a 401, and when the client tried HTTP Basic the response
 * carries {@code WWW-Authenticate: Basic}. A request with no client authentication at all gets the
 * same 401 {@code invalid_client}, never a login page.
 */
public final class ClientAuthenticationErrorResponder
        implements AuthenticationFailureHandler, AuthenticationEntryPoint {

    private static final String CHALLENGE = "Basic realm=\"yiwang-id\"";

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        SecurityContextHolder.clearContext();
        String code = (exception instanceof OAuth2AuthenticationException oauth2)
                ? oauth2.getError().getErrorCode()
                : OAuth2ErrorCodes.INVALID_CLIENT;
        boolean invalidClient = OAuth2ErrorCodes.INVALID_CLIENT.equals(code);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (invalidClient && authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        write(response, invalidClient ? HttpServletResponse.SC_UNAUTHORIZED : HttpServletResponse.SC_BAD_REQUEST, code);
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        write(response, HttpServletResponse.SC_UNAUTHORIZED, OAuth2ErrorCodes.INVALID_CLIENT);
    }

    private static void write(HttpServletResponse response, int status, String code) throws IOException {
        response.setStatus(status);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // Error codes are RFC 6749 tokens (no quotes or backslashes), so no escaping is needed.
        response.getWriter().write("{\"error\":\"" + code + "\"}");
    }
}
