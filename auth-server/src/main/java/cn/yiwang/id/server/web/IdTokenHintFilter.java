package cn.yiwang.id.server.web;

import cn.yiwang.id.server.session.SsoAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Honours {@code id_token_hint} on authorization requests (OIDC Core §3.1.2.1): when the signed-in
 * user is not the one the hint names, the request is treated as unauthenticated, so the right user
 * signs in, or, with {@code prompt=none}, the client receives {@code login_required}. A hint we did
 * not sign is ignored (expired hints are fine: only the subject matters).
 */
public final class IdTokenHintFilter extends OncePerRequestFilter {

    private final JwtDecoder idTokenDecoder;
    private final RequestCache requestCache;

    public IdTokenHintFilter(JwtDecoder idTokenDecoder, RequestCache requestCache) {
        this.idTokenDecoder = idTokenDecoder;
        this.requestCache = requestCache;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !AuthorizationRequests.isAuthorizationRequest(request)
                || !StringUtils.hasText(request.getParameter("id_token_hint"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof SsoAuthentication sso) || hintedSubjectMatches(request, sso)) {
            chain.doFilter(request, response);
            return;
        }
        AuthenticationDrop.forRequest(request);
        if (AuthorizationRequests.hasPrompt(request, "none")) {
            chain.doFilter(request, response);
            return;
        }
        this.requestCache.saveRequest(request, response);
        response.sendRedirect(request.getContextPath() + "/login");
    }

    private boolean hintedSubjectMatches(HttpServletRequest request, SsoAuthentication sso) {
        Jwt hint;
        try {
            hint = this.idTokenDecoder.decode(request.getParameter("id_token_hint"));
        } catch (JwtException ex) {
            return true;
        }
        return sso.getName().equals(hint.getSubject());
    }
}
