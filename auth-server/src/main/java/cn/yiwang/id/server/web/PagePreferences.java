package cn.yiwang.id.server.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The elder-friendly mode (适老化, after the national guidelines for age-friendly websites): larger
 * text, high contrast and a simpler layout, switched on every page and remembered per browser in a
 * cookie (no account needed, nothing on the server). Every page's model gets {@code elderMode} and
 * {@code elderToggleUrl}, which the shared layout reads.
 */
@ControllerAdvice
public final class PagePreferences {

    static final String COOKIE = "YIWANG_ELDER";

    private static final int MAX_RETURN = 2000;

    @ModelAttribute("elderMode")
    public boolean elderMode(HttpServletRequest request) {
        return isElderMode(request);
    }

    /** The link that flips the mode and comes back to this page. */
    @ModelAttribute("elderToggleUrl")
    public String elderToggleUrl(HttpServletRequest request) {
        String here = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getQueryString() != null && "GET".equals(request.getMethod())) {
            here = here + "?" + request.getQueryString();
        }
        if (!"GET".equals(request.getMethod()) || here.startsWith("/preferences")) {
            // a page shown after a form post cannot be reloaded by GET: come back to the start of its flow
            here = "/account";
        }
        return UriComponentsBuilder.fromPath(request.getContextPath() + "/preferences/elder-mode")
                .queryParam("on", !isElderMode(request))
                .queryParam("return", here)
                .encode()
                .build()
                .toUriString();
    }

    public static boolean isElderMode(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && "1".equals(cookie.getValue())) {
                return true;
            }
        }
        return false;
    }

    // only a path of ours: never another site (//evil, \\evil, a scheme), never the switch itself
    static String safeReturn(String returnTo) {
        if (returnTo == null
                || returnTo.length() > MAX_RETURN
                || !returnTo.startsWith("/")
                || returnTo.startsWith("//")
                || returnTo.contains("\\")
                || returnTo.startsWith("/preferences")
                || returnTo.chars().anyMatch((c) -> c < 0x20)) {
            return "/account";
        }
        return returnTo;
    }
}
