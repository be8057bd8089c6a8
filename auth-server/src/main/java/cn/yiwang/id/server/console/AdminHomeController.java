package cn.yiwang.id.server.console;

import cn.yiwang.id.server.admin.AdminSignInAttempt;
import cn.yiwang.id.server.admin.AdminSignInAttempts;
import cn.yiwang.id.server.admin.KeptRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The console's home ({@code /admin}: who is signed in, with which role, and the sections that role opens), the
 * 403 page, and {@code /admin/resume}: the form that was being filled in when the session ended, offered again.
 */
@Controller
public final class AdminHomeController {

    private final AdminSignInAttempts attempts;

    public AdminHomeController(AdminSignInAttempts attempts) {
        this.attempts = attempts;
    }

    @GetMapping({"/admin", "/admin/"})
    public String home() {
        return "admin/home";
    }

    /** Reached by forward from the access-denied handler, which has recorded the attempt. */
    @RequestMapping("/admin/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    public String denied() {
        return "admin/denied";
    }

    /**
     * The kept form, with its fields as they were typed, to send again (with a fresh CSRF token) or to drop: it is
     * never sent without the administrator seeing it, since they may be someone else than who typed it.
     */
    @GetMapping("/admin/resume")
    public String resume(HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<KeptRequest> kept = this.attempts
                .current(request)
                .map(AdminSignInAttempt::kept)
                .filter(KeptRequest::postsForm)
                .filter((k) -> AdminLoginController.isConsolePath(k.path()));
        this.attempts.clear(request, response);
        if (kept.isEmpty()) {
            return "redirect:/admin";
        }
        model.addAttribute("kept", kept.get());
        return "admin/resume";
    }
}
