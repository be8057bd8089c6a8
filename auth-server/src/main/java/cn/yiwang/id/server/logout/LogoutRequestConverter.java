package cn.yiwang.id.server.logout;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * Reads an RP-Initiated Logout request: with {@code id_token_hint}, as Spring Authorization Server does; without
 * one, as a {@link LogoutWithoutHint}, which that converter would refuse with a bare 400.
 */
public final class LogoutRequestConverter implements AuthenticationConverter {

    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken(
            "anonymous", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private final OidcLogoutAuthenticationConverter withHint = new OidcLogoutAuthenticationConverter();

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (StringUtils.hasText(request.getParameter("id_token_hint"))) {
            return this.withHint.convert(request);
        }
        for (String name : new String[] {"client_id", "post_logout_redirect_uri", "state", "id_token_hint"}) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
        }
        Authentication principal = SecurityContextHolder.getContext().getAuthentication();
        return new LogoutWithoutHint(
                (principal != null) ? principal : ANONYMOUS,
                blankToNull(request.getParameter("client_id")),
                blankToNull(request.getParameter("post_logout_redirect_uri")),
                blankToNull(request.getParameter("state")),
                false);
    }

    private static String blankToNull(String value) {
        return StringUtils.hasText(value) ? value : null;
    }
}
