package cn.yiwang.id.server.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Errors at the authorization endpoint: sent back to the client when its redirect URI is known to
 * be registered (RFC 6749 §4.1.2.1), otherwise shown to the user as a page — never a redirect to
 * an unverified URI (RFC 6749 §3.1.2.4).
 */
public final class AuthorizationErrorResponseHandler implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException, ServletException {
        OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2)
                ? oauth2.getError()
                : new OAuth2Error("invalid_request");
        OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest =
                (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequestException)
                        ? codeRequestException.getAuthorizationCodeRequestAuthentication()
                        : null;
        if (authorizationRequest == null || !StringUtils.hasText(authorizationRequest.getRedirectUri())) {
            ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, error.getErrorCode(), error.getDescription());
            return;
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(authorizationRequest.getRedirectUri())
                .queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
        if (StringUtils.hasText(error.getDescription())) {
            uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
        }
        if (StringUtils.hasText(error.getUri())) {
            uri.queryParam(OAuth2ParameterNames.ERROR_URI, encode(error.getUri()));
        }
        if (StringUtils.hasText(authorizationRequest.getState())) {
            uri.queryParam(OAuth2ParameterNames.STATE, encode(authorizationRequest.getState()));
        }
        AuthorizationResponseHandler.addIssuer(uri);
        response.sendRedirect(uri.build(true).toUriString());
    }

    private static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }
}
