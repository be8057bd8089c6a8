package cn.yiwang.id.server.client;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the {@code client_id} of a public client that only names itself (RFC 6749 §2.3, §3.2.1): at the
 * device authorization endpoint, at the token endpoint for the device code (RFC 8628 §3.4) and refresh
 * token (RFC 6749 §6; RFC 9700 §4.14.2: holding the rotated, session-bound token is the proof) grants, and at
 * the revocation endpoint (RFC 7009 §2.1 lets public clients revoke their tokens). Returns null for anything
 * else, including any request that carries a secret or an assertion, which the other converters own; the
 * authorization code grant stays with Spring Authorization Server's PKCE check.
 */
public final class NamedPublicClientConverter implements AuthenticationConverter {

    private static final Set<String> GRANTS =
            Set.of(AuthorizationGrantType.DEVICE_CODE.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue());

    private final String deviceAuthorizationPath;
    private final String tokenPath;
    private final String revocationPath;

    public NamedPublicClientConverter(String deviceAuthorizationPath, String tokenPath, String revocationPath) {
        this.deviceAuthorizationPath = deviceAuthorizationPath;
        this.tokenPath = tokenPath;
        this.revocationPath = revocationPath;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !isCovered(request)) {
            return null;
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (clientIds == null) {
            return null;
        }
        // client_id (REQUIRED for a public client), once
        if (clientIds.length != 1 || clientIds[0].isBlank()) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
        }
        Map<String, Object> additional = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
                additional.put(name, (values.length == 1) ? values[0] : values);
            }
        });
        return new NamedPublicClientToken(clientIds[0], additional);
    }

    private boolean isCovered(HttpServletRequest request) {
        String path = path(request);
        return this.deviceAuthorizationPath.equals(path)
                || this.revocationPath.equals(path)
                || (this.tokenPath.equals(path)
                        && GRANTS.contains(request.getParameter(OAuth2ParameterNames.GRANT_TYPE)));
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
