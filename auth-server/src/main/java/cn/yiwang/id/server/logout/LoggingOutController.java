package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/** The page shown while relying parties' front-channel logout URIs load, before moving on. */
@Controller
public final class LoggingOutController {

    private final LanguageLinks languageLinks;

    public LoggingOutController(LanguageLinks languageLinks) {
        this.languageLinks = languageLinks;
    }

    @RequestMapping("/logging-out")
    public String loggingOut(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object target = request.getAttribute(BrowserLogout.TARGET);
        if (!(target instanceof String)) {
            // Only reachable by forward from a logout; a direct visit has nothing to show.
            return "redirect:/logged-out";
        }
        // Gives the iframes a moment, then moves on without any script.
        response.setHeader("Refresh", "3;url=" + target);
        model.addAttribute("target", target);
        model.addAttribute("frontChannel", request.getAttribute(BrowserLogout.FRONT_CHANNEL));
        this.languageLinks.addTo(request, model);
        return "logging-out";
    }
}
