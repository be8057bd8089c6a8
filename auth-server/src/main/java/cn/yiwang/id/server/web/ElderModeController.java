package cn.yiwang.id.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Switches the elder-friendly mode of this browser on or off, then goes back to the page it came from. */
@Controller
public final class ElderModeController {

    @GetMapping("/preferences/elder-mode")
    public void switchElderMode(
            @RequestParam(name = "on", defaultValue = "true") boolean on,
            @RequestParam(name = "return", defaultValue = "/account") String returnTo,
            HttpServletRequest request,
            HttpServletResponse response)
            throws java.io.IOException {
        ResponseCookie cookie = ResponseCookie.from(PagePreferences.COOKIE, on ? "1" : "")
                .path("/")
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Lax")
                .maxAge(on ? Duration.ofDays(365) : Duration.ZERO)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        response.sendRedirect(request.getContextPath() + PagePreferences.safeReturn(returnTo));
    }
}
