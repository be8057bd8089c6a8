package cn.yiwang.id.server.console;

import cn.yiwang.id.account.totp.TotpEnrolment;
import cn.yiwang.id.server.account.QrCodes;
import cn.yiwang.id.server.admin.AdminAuthentication;
import cn.yiwang.id.server.admin.AdminSecurityContextRepository;
import cn.yiwang.id.server.admin.AdminSignIn;
import cn.yiwang.id.server.admin.AdminSignIn.Result;
import cn.yiwang.id.server.admin.AdminSignInAttempt;
import cn.yiwang.id.server.admin.AdminSignInAttempts;
import cn.yiwang.id.server.admin.KeptRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's sign-in: {@code /admin/login} (name and password), then {@code /admin/login/code} (a code from the
 * authenticator app) or, at the first sign-in, {@code /admin/login/enrol} (scan the QR code, type the first code).
 * Where the administrator was going, or the form they were filling in when the session ended, comes next.
 */
@Controller
public final class AdminLoginController {

    private final AdminSignIn signIn;

    private final AdminSignInAttempts attempts;

    private final AdminSecurityContextRepository contexts;

    private final MessageSource messages;

    private final Clock clock;

    public AdminLoginController(
            AdminSignIn signIn,
            AdminSignInAttempts attempts,
            AdminSecurityContextRepository contexts,
            MessageSource messages,
            Clock clock) {
        this.signIn = signIn;
        this.attempts = attempts;
        this.contexts = contexts;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/admin/login")
    public String login(HttpServletRequest request, Model model) {
        if (SecurityContextHolder.getContext().getAuthentication() instanceof AdminAuthentication) {
            return "redirect:/admin";
        }
        model.addAttribute(
                "formKept",
                this.attempts
                        .current(request)
                        .map(AdminSignInAttempt::kept)
                        .filter(KeptRequest::postsForm)
                        .isPresent());
        return "admin/login";
    }

    @PostMapping("/admin/login")
    public String password(
            @RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "password", required = false) String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        String name = (username != null) ? username.strip() : "";
        Result result = this.signIn.password(name.isEmpty() ? null : name, password);
        AdminSignInAttempt attempt = this.attempts.current(request).orElse(AdminSignInAttempt.empty());
        switch (result.step()) {
            case CODE -> {
                this.attempts.save(attempt.withUsername(name), request, response);
                return "redirect:/admin/login/code";
            }
            case ENROL -> {
                AdminSignIn.Enrolment enrolment = this.signIn.beginEnrolment(name);
                this.attempts.save(
                        attempt.withUsername(name).withPendingSecret(enrolment.secretEncrypted()), request, response);
                return "redirect:/admin/login/enrol";
            }
            case LOCKED -> model.addAttribute("lockedMinutes", minutesUntil(result));
            default -> model.addAttribute("loginError", true);
        }
        model.addAttribute("usernameValue", name);
        model.addAttribute("formKept", attempt.kept() != null && attempt.kept().postsForm());
        return "admin/login";
    }

    @GetMapping("/admin/login/code")
    public String codePage(HttpServletRequest request) {
        return signedInPassword(request).isPresent() ? "admin/login-code" : "redirect:/admin/login?expired";
    }

    @PostMapping("/admin/login/code")
    public String code(
            @RequestParam(name = "code", required = false) String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        Optional<AdminSignInAttempt> attempt = signedInPassword(request);
        if (attempt.isEmpty()) {
            return "redirect:/admin/login?expired";
        }
        Result result = this.signIn.code(attempt.get().username(), code);
        return switch (result.step()) {
            case SIGNED_IN -> finish(attempt.get(), request, response);
            case LOCKED -> locked(result, request, response, model);
            case REPLAYED -> codeError("admin.login.code.replayed", "admin/login-code", model, locale);
            default -> codeError("admin.login.code.wrong", "admin/login-code", model, locale);
        };
    }

    @GetMapping("/admin/login/enrol")
    public String enrolPage(HttpServletRequest request, Model model, Locale locale) {
        Optional<AdminSignInAttempt> attempt =
                signedInPassword(request).filter((a) -> a.pendingSecretEncrypted() != null);
        if (attempt.isEmpty()) {
            return "redirect:/admin/login?expired";
        }
        return enrolment(attempt.get(), model, locale);
    }

    @PostMapping("/admin/login/enrol")
    public String enrol(
            @RequestParam(name = "code", required = false) String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        Optional<AdminSignInAttempt> attempt =
                signedInPassword(request).filter((a) -> a.pendingSecretEncrypted() != null);
        if (attempt.isEmpty()) {
            return "redirect:/admin/login?expired";
        }
        Result result = this.signIn.confirmEnrolment(
                attempt.get().username(), attempt.get().pendingSecretEncrypted(), code);
        return switch (result.step()) {
            case SIGNED_IN -> finish(attempt.get(), request, response);
            case LOCKED -> locked(result, request, response, model);
            default -> {
                model.addAttribute("codeError", message("admin.login.code.wrong", locale));
                yield enrolment(attempt.get(), model, locale);
            }
        };
    }

    private String enrolment(AdminSignInAttempt attempt, Model model, Locale locale) {
        TotpEnrolment shown = this.signIn.enrolment(attempt.username(), attempt.pendingSecretEncrypted());
        model.addAttribute("totpSecret", shown.secret());
        model.addAttribute("totpUri", shown.uri());
        model.addAttribute("totpQr", QrCodes.svg(shown.uri(), message("admin.login.enrol.qr", locale)));
        return "admin/login-enrol";
    }

    // signed in: the session starts, then the kept request (a page, or a form offered again at /admin/resume)
    private String finish(AdminSignInAttempt attempt, HttpServletRequest request, HttpServletResponse response) {
        this.contexts.signIn(attempt.username(), request, response);
        KeptRequest kept = attempt.kept();
        if (kept != null && kept.postsForm()) {
            this.attempts.save(new AdminSignInAttempt(null, null, kept), request, response);
            return "redirect:/admin/resume";
        }
        this.attempts.clear(request, response);
        return (kept != null && isConsolePath(kept.path())) ? "redirect:" + kept.path() : "redirect:/admin";
    }

    private String locked(Result result, HttpServletRequest request, HttpServletResponse response, Model model) {
        this.attempts
                .current(request)
                .map((a) -> new AdminSignInAttempt(null, null, a.kept()))
                .ifPresent((a) -> this.attempts.save(a, request, response));
        model.addAttribute("lockedMinutes", minutesUntil(result));
        return "admin/login";
    }

    private String codeError(String key, String view, Model model, Locale locale) {
        model.addAttribute("codeError", message(key, locale));
        return view;
    }

    private Optional<AdminSignInAttempt> signedInPassword(HttpServletRequest request) {
        return this.attempts.current(request).filter((attempt) -> attempt.username() != null);
    }

    private long minutesUntil(Result result) {
        long seconds =
                Duration.between(this.clock.instant(), result.lockedUntil()).toSeconds();
        return Math.max(1, (seconds + 59) / 60);
    }

    private String message(String key, Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }

    /** A path of the console itself (never another host, never the API). */
    static boolean isConsolePath(String path) {
        return path != null
                && (path.equals("/admin") || path.startsWith("/admin/") || path.startsWith("/admin?"))
                && !path.contains("\\")
                && !path.contains("/../")
                && !path.startsWith("/admin/api/")
                && !path.startsWith("/admin/login");
    }
}
