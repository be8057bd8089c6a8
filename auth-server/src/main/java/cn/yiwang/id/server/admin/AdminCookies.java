package cn.yiwang.id.server.admin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The console's cookies: HttpOnly, {@code SameSite=Strict} (no other site ever leads into the console signed in),
 * {@code Secure} over HTTPS (or as configured), scoped to {@code /admin}.
 */
@Component
public final class AdminCookies {

    private static final String PATH = "/admin";

    private final AdminConsoleProperties properties;

    public AdminCookies(AdminConsoleProperties properties) {
        this.properties = properties;
    }

    /** A cookie's value; a value set earlier in the same request wins. */
    public String read(HttpServletRequest request, String name) {
        if (request.getAttribute(name) instanceof String value) {
            return value.isEmpty() ? null : value;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /**
     * Sets a cookie for the browser session ({@code maxAge} -1) or clears it ({@code maxAge} 0).
     */
    public void write(
            HttpServletRequest request, HttpServletResponse response, String name, String value, long maxAge) {
        boolean secure = (this.properties.secureCookie() != null) ? this.properties.secureCookie() : request.isSecure();
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value)
                .path(request.getContextPath() + PATH)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Strict");
        if (maxAge >= 0) {
            cookie.maxAge(maxAge);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
        request.setAttribute(name, value);
    }
}
