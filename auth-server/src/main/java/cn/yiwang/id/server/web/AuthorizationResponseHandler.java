package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The successful authorization response: {@code code} and {@code state} as RFC 6749 §4.1.2 says,
 * plus {@code iss} (RFC 9207) so a client talking to several providers can tell which one answered.
 */
public final class AuthorizationResponseHandler implements AuthenticationSuccessHandler {

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthorizationCodeRequestAuthenticationToken authorization =
                (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(authorization.getRedirectUri())
                .queryParam(
                        OAuth2ParameterNames.CODE,
                        authorization.getAuthorizationCode().getTokenValue());
        if (StringUtils.hasText(authorization.getState())) {
            uri.queryParam(OAuth2ParameterNames.STATE, encode(authorization.getState()));
        }
        addIssuer(uri);
        response.sendRedirect(uri.build(true).toUriString());
    }

    static void addIssuer(UriComponentsBuilder uri) {
        if (AuthorizationServerContextHolder.getContext() != null) {
            uri.queryParam(
                    "iss", encode(AuthorizationServerContextHolder.getContext().getIssuer()));
        }
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
