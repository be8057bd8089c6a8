package cn.yiwang.id.server.web;

import cn.yiwang.id.server.client.ClientRegistry;
import cn.yiwang.id.server.client.RelyingPartySettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-origin access for browser apps (CORS, WHATWG Fetch §3.2) to the endpoints a single-page app calls
 * with {@code fetch}: discovery, JWKS, token, revocation, userinfo and the citizen's session API. Only
 * origins some enabled client registered ({@code web-origins}) get an answer, never {@code *} and never
 * with credentials (tokens travel in headers and bodies, not cookies). At the token and revocation
 * endpoints the origin must be one of the requesting client's own. Preflights are answered here, before
 * any sign-in or session handling, so they are never redirected.
 */
public final class CorsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CorsFilter.class);

    private static final Set<String> READ_ONLY =
            Set.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/oauth2/jwks");

    private static final Set<String> CLIENT_AUTHENTICATED = Set.of("/oauth2/token", "/oauth2/revoke");

    private static final String USERINFO = "/userinfo";

    private static final String ACCOUNT_API = "/account/api/";

    private final ClientRegistry clients;

    public CorsFilter(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.ORIGIN) == null || methods(path(request)) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = path(request);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        boolean preflight = HttpMethod.OPTIONS.matches(request.getMethod())
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        boolean registered = this.clients.isWebOrigin(origin);
        if (preflight) {
            if (!registered) {
                log.info("CORS preflight from unregistered origin {} to {} refused", printable(origin), path);
                response.setStatus(HttpStatus.FORBIDDEN.value());
                return;
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods(path));
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
            response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
            response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            response.setStatus(HttpStatus.NO_CONTENT.value());
            return;
        }
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        if (CLIENT_AUTHENTICATED.contains(path) && registered && !originOfRequestingClient(request, origin)) {
            // not processed at all: a code or token must not be spent by a page the client did not register
            log.info("Request from origin {} to {} refused: not a web origin of the client", printable(origin), path);
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType("application/json");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getWriter()
                    .write("{\"error\":\"invalid_request\",\"error_description\":\"The request's Origin is not a "
                            + "registered web origin of the client\"}");
            return;
        }
        if (registered) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "WWW-Authenticate");
        }
        chain.doFilter(request, response);
    }

    /** The methods a browser app may use on the path, or null when the path takes no cross-origin calls. */
    private static String methods(String path) {
        if (READ_ONLY.contains(path)) {
            return "GET";
        }
        if (CLIENT_AUTHENTICATED.contains(path)) {
            return "POST";
        }
        if (USERINFO.equals(path)) {
            return "GET, POST";
        }
        if (path.startsWith(ACCOUNT_API)) {
            return "GET, DELETE";
        }
        return null;
    }

    // the client is the one named in the form (public clients always send client_id) or in Basic credentials
    private boolean originOfRequestingClient(HttpServletRequest request, String origin) {
        String clientId = request.getParameter("client_id");
        if (clientId == null) {
            clientId = basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        }
        if (clientId == null) {
            return true;
        }
        RegisteredClient client = this.clients.findByClientId(clientId);
        // an unknown client gets invalid_client from the endpoint itself
        return client == null || RelyingPartySettings.webOrigins(client).contains(origin);
    }

    private static String basicUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return (colon > 0) ? java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8) : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String printable(String value) {
        return value.replaceAll("[^\\x20-\\x7e]", "?").substring(0, Math.min(value.length(), 100));
    }
}
