package cn.yiwang.id.server.client;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A public client (no secret, RFC 6749 §2.1) identifying itself with {@code client_id} alone where
 * Spring Authorization Server expects PKCE only: a refresh token request ({@code grant_type=refresh_token},
 * RFC 6749 §6) and a revocation request (RFC 7009 §2.1, which lets public clients revoke their tokens).
 * Returns null for any other request, or one that carries a credential, so the other converters decide.
 */
public final class PublicClientTokenAuthenticationConverter implements AuthenticationConverter {

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
            return null;
        }
        boolean refresh = AuthorizationGrantType.REFRESH_TOKEN
                .getValue()
                .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
        boolean revocation = request.getParameter(OAuth2ParameterNames.GRANT_TYPE) == null
                && request.getParameter(OAuth2ParameterNames.TOKEN) != null;
        if (!refresh && !revocation) {
            return null;
        }
        String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
        if (clientIds == null) {
            return null;
        }
        // client_id (REQUIRED for a public client, RFC 6749 §3.2.1), once
        if (clientIds.length != 1 || clientIds[0].isBlank()) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
        }
        Map<String, Object> additional = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
                additional.put(name, (values.length == 1) ? values[0] : values);
            }
        });
        return new OAuth2ClientAuthenticationToken(clientIds[0], ClientAuthenticationMethod.NONE, null, additional);
    }
}
