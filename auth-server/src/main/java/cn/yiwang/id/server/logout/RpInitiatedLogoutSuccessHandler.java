package cn.yiwang.id.server.logout;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Completes OIDC RP-Initiated Logout 1.0 once Spring Authorization Server has validated the request
 * ({@code id_token_hint}, and {@code post_logout_redirect_uri} against the client's registered list):
 * ends the browser's SSO session everywhere, then returns to the client or shows the signed-out page.
 */
public final class RpInitiatedLogoutSuccessHandler implements AuthenticationSuccessHandler {

    private final BrowserLogout logout;

    public RpInitiatedLogoutSuccessHandler(BrowserLogout logout) {
        this.logout = logout;
    }

    @Override
    public void onAuthenticationSuccess(
            HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        OidcLogoutAuthenticationToken logoutRequest = (OidcLogoutAuthenticationToken) authentication;
        this.logout.logOut(
                request,
                response,
                "client:" + logoutRequest.getIdToken().getAudience().get(0),
                "rp-logout");
        String target = request.getContextPath() + "/logged-out";
        if (StringUtils.hasText(logoutRequest.getPostLogoutRedirectUri())) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(logoutRequest.getPostLogoutRedirectUri());
            if (StringUtils.hasText(logoutRequest.getState())) {
                uri.queryParam(OAuth2ParameterNames.STATE, logoutRequest.getState());
            }
            target = uri.encode().build().toUriString();
        }
        this.logout.finish(request, response, target);
    }
}
