package cn.yiwang.id.server.session;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Completes OIDC RP-Initiated Logout 1.0 once Spring Authorization Server has validated the request
 * ({@code id_token_hint}, and {@code post_logout_redirect_uri} against the client's registered list):
 * ends the browser's SSO session, then returns to the client or shows the signed-out page.
 */
public final class RpInitiatedLogoutSuccessHandler implements AuthenticationSuccessHandler {

    private final SsoSecurityContextRepository sessions;

    public RpInitiatedLogoutSuccessHandler(SsoSecurityContextRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        this.sessions.endSession(request, response);
        OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
        if (StringUtils.hasText(logout.getPostLogoutRedirectUri())) {
            UriComponentsBuilder target = UriComponentsBuilder.fromUriString(logout.getPostLogoutRedirectUri());
            if (StringUtils.hasText(logout.getState())) {
                target.queryParam(OAuth2ParameterNames.STATE, logout.getState());
            }
            response.sendRedirect(target.encode().build().toUriString());
            return;
        }
        response.sendRedirect(request.getContextPath() + "/logged-out");
    }
}
