package cn.yiwang.id.server.web;

import cn.yiwang.id.server.session.SsoAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces {@code prompt=login} and {@code max_age} (OIDC Core §3.1.2.1) before Spring Authorization
 * Server sees an authorization request: when the SSO session is not fresh enough the user signs in
 * again. The request resumed after sign-in no longer carries {@code prompt=login} (or
 * {@code max_age=0}), which the fresh sign-in has satisfied, so it cannot loop. With
 * {@code prompt=none} the request goes on unauthenticated and the client receives
 * {@code login_required}.
 */
public final class AuthenticationFreshnessFilter extends OncePerRequestFilter {

    private final RequestCache requestCache;
    private final Clock clock;

    public AuthenticationFreshnessFilter(RequestCache requestCache, Clock clock) {
        this.requestCache = requestCache;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !AuthorizationRequests.isAuthorizationRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof SsoAuthentication sso)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> prompt = AuthorizationRequests.prompts(request.getParameter("prompt"));
        Long maxAge = maxAge(request.getParameter("max_age"));
        boolean forceLogin = prompt.contains("login") && !prompt.contains("none");
        boolean tooOld = maxAge != null
                && sso.getSession().authTime().plusSeconds(maxAge).isBefore(Instant.now(this.clock));
        if (!forceLogin && !tooOld && !(maxAge != null && maxAge == 0)) {
            chain.doFilter(request, response);
            return;
        }
        AuthenticationDrop.forRequest(request);
        if (prompt.contains("none")) {
            chain.doFilter(request, response);
            return;
        }
        this.requestCache.saveRequest(new SatisfiedRequest(request), response);
        response.sendRedirect(request.getContextPath() + "/login");
    }

    private static Long maxAge(String value) {
        if (!StringUtils.hasText(value)) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return (seconds >= 0) ? seconds : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The authorization request as it stands once the user has signed in again. */
    private static final class SatisfiedRequest extends HttpServletRequestWrapper {

        private final String queryString;

        SatisfiedRequest(HttpServletRequest request) {
            super(request);
            Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
            String remaining = AuthorizationRequests.prompts(request.getParameter("prompt")).stream()
                    .filter((p) -> !"login".equals(p))
                    .collect(Collectors.joining(" "));
            parameters.remove("prompt");
            if (!remaining.isEmpty()) {
                parameters.put("prompt", new String[] {remaining});
            }
            Long maxAge = maxAge(request.getParameter("max_age"));
            if (maxAge != null && maxAge == 0) {
                parameters.remove("max_age");
            }
            this.queryString = QueryStrings.of(parameters);
        }

        @Override
        public String getMethod() {
            // Whatever the original method, the request resumes as a GET carrying all its parameters.
            return "GET";
        }

        @Override
        public String getQueryString() {
            return this.queryString;
        }
    }
}
