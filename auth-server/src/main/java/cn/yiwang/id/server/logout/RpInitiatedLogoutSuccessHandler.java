package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.session.SsoAuthentication;
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
 * Completes OIDC RP-Initiated Logout 1.0 once the request is validated ({@code id_token_hint}, and
 * {@code post_logout_redirect_uri} against the client's registered list): ends the browser's SSO session
 * everywhere, then returns to the client or shows the signed-out page. A request without a hint (or whose hint
 * names someone else) from a signed-in browser goes to the confirmation page first.
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
        if (authentication instanceof LogoutWithoutHint unconfirmed) {
            confirmFirst(request, response, unconfirmed);
            return;
        }
        OidcLogoutAuthenticationToken logoutRequest = (OidcLogoutAuthenticationToken) authentication;
        this.logout.logOut(request, response, "client:" + logoutRequest.getClientId(), "rp-logout");
        this.logout.finish(
                request, response, target(request, logoutRequest.getPostLogoutRedirectUri(), logoutRequest.getState()));
    }

    /** Where the browser goes after logging out: the validated post-logout URI with state, else our page. */
    static String target(HttpServletRequest request, String postLogoutRedirectUri, String state) {
        if (!StringUtils.hasText(postLogoutRedirectUri)) {
            return request.getContextPath() + "/logged-out";
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(postLogoutRedirectUri);
        if (StringUtils.hasText(state)) {
            uri.queryParam(OAuth2ParameterNames.STATE, state);
        }
        return uri.encode().build().toUriString();
    }

    // a signed-in browser confirms first (RP-Initiated Logout 1.0 §2); one with no session just moves on
    private static void confirmFirst(HttpServletRequest request, HttpServletResponse response, LogoutWithoutHint logout)
            throws IOException {
        if (!(logout.getPrincipal() instanceof SsoAuthentication)) {
            response.sendRedirect(target(request, logout.getPostLogoutRedirectUri(), logout.getState()));
            return;
        }
        UriComponentsBuilder confirmation =
                UriComponentsBuilder.fromPath(request.getContextPath() + LogoutConfirmationController.PATH);
        if (logout.getClientId() != null) {
            confirmation.queryParam("client_id", logout.getClientId());
        }
        if (logout.getPostLogoutRedirectUri() != null) {
            confirmation.queryParam("post_logout_redirect_uri", logout.getPostLogoutRedirectUri());
            if (logout.getState() != null) {
                confirmation.queryParam(OAuth2ParameterNames.STATE, logout.getState());
            }
        }
        response.sendRedirect(confirmation.encode().build().toUriString());
    }
}
