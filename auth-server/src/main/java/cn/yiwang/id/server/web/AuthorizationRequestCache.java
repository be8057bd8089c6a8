package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Remembers the request interrupted by sign-in in a cookie, so any node can resume it. A POSTed
 * authorization request (OIDC Core §3.1.2.1) is remembered as the equivalent GET, since a cookie
 * holds a URL and not a form body.
 */
public final class AuthorizationRequestCache implements RequestCache {

    private final CookieRequestCache cookies = new CookieRequestCache();

    public AuthorizationRequestCache() {
        this.cookies.setCookieCustomizer((cookie) -> cookie.setAttribute("SameSite", "Lax"));
    }

    @Override
    public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
        this.cookies.saveRequest("POST".equals(request.getMethod()) ? new AsGet(request) : request, response);
    }

    @Override
    public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
        return this.cookies.getRequest(request, response);
    }

    @Override
    public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
        return this.cookies.getMatchingRequest(request, response);
    }

    @Override
    public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
        this.cookies.removeRequest(request, response);
    }

    /** A POST seen as the GET carrying the same parameters. */
    private static final class AsGet extends HttpServletRequestWrapper {

        private final String query;

        AsGet(HttpServletRequest request) {
            super(request);
            this.query = QueryStrings.of(request.getParameterMap());
        }

        @Override
        public String getMethod() {
            return "GET";
        }

        @Override
        public String getQueryString() {
            return this.query;
        }
    }
}
