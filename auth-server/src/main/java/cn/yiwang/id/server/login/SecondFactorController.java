package cn.yiwang.id.server.login;

import cn.yiwang.id.account.passkey.PasskeyOutcome;
import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.SecondFactorLevels.SecondFactor;
import cn.yiwang.id.account.totp.TotpCheck;
import cn.yiwang.id.account.totp.TotpService;
import cn.yiwang.id.server.account.SignInActivity;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The second step of signing in ({@code /login/second-factor}): a code from the authenticator app, a
 * recovery code, or a passkey. A wrong or replayed code is explained next to the field; the pending
 * sign-in lives five minutes, after which the citizen starts again at the password.
 */
@Controller
public final class SecondFactorController {

    private final SecondFactorSignIn secondFactor;

    private final TotpService totp;

    private final Passkeys passkeys;

    private final SignInActivity activity;

    private final RequestCache requestCache;

    private final LanguageLinks languageLinks;

    private final MessageSource messages;

    public SecondFactorController(
            SecondFactorSignIn secondFactor,
            TotpService totp,
            Passkeys passkeys,
            SignInActivity activity,
            RequestCache requestCache,
            LanguageLinks languageLinks,
            MessageSource messages) {
        this.secondFactor = secondFactor;
        this.totp = totp;
        this.passkeys = passkeys;
        this.activity = activity;
        this.requestCache = requestCache;
        this.languageLinks = languageLinks;
        this.messages = messages;
    }

    @GetMapping("/login/second-factor")
    public String form(
            @RequestParam(name = "recovery", required = false) String recovery,
            HttpServletRequest request,
            Model model) {
        Optional<SecondFactorSignIn.Pending> pending = this.secondFactor.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        return page(pending.get(), recovery != null ? "recovery" : "totp", model, request);
    }

    @PostMapping("/login/second-factor")
    public String totpCode(
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        Optional<SecondFactorSignIn.Pending> pending = this.secondFactor.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        TotpCheck check = this.totp.verify(pending.get().accountId(), code);
        if (check.accepted()) {
            this.secondFactor.complete(pending.get(), SecondFactor.TOTP, AssuranceLevel.L1, request, response);
            return resume(request, response);
        }
        this.activity.failed(pending.get().accountId(), "otp", "failed", request, response);
        model.addAttribute("codeError", explain(check, locale));
        return page(pending.get(), "totp", model, request);
    }

    @PostMapping("/login/second-factor/recovery")
    public String recoveryCode(
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        Optional<SecondFactorSignIn.Pending> pending = this.secondFactor.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/login?expired";
        }
        TotpCheck check = this.totp.useRecoveryCode(pending.get().accountId(), code);
        if (check.accepted()) {
            this.secondFactor.complete(pending.get(), SecondFactor.RECOVERY_CODE, AssuranceLevel.L1, request, response);
            return resume(request, response);
        }
        this.activity.failed(pending.get().accountId(), "otp", "failed", request, response);
        model.addAttribute(
                "codeError",
                (check instanceof TotpCheck.TooManyAttempts)
                        ? message("secondFactor.error.tooMany", locale)
                        : message("secondFactor.error.recovery", locale));
        return page(pending.get(), "recovery", model, request);
    }

    /** The options for {@code navigator.credentials.get()}, for this pending sign-in's account. */
    @PostMapping(value = "/login/second-factor/passkey/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<String> passkeyOptions(HttpServletRequest request) {
        return this.secondFactor
                .pending(request)
                .map((p) -> ResponseEntity.ok(this.passkeys.authenticationOptions(p.accountId(), p.token())))
                .orElseGet(() -> ResponseEntity.status(409).body("{\"error\":\"expired\"}"));
    }

    /** The signed assertion; answers where to go next, or what went wrong in the page's language. */
    @PostMapping(
            value = "/login/second-factor/passkey",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<Map<String, String>> passkey(
            @RequestBody String body, HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Optional<SecondFactorSignIn.Pending> pending = this.secondFactor.pending(request);
        if (pending.isEmpty()) {
            return ResponseEntity.status(409).body(Map.of("error", message("secondFactor.error.expired", locale)));
        }
        PasskeyOutcome outcome = this.passkeys.authenticate(
                pending.get().accountId(), pending.get().token(), body);
        if (outcome instanceof PasskeyOutcome.Accepted accepted) {
            this.secondFactor.complete(
                    pending.get(),
                    SecondFactor.PASSKEY,
                    AssuranceLevel.of(Math.max(1, accepted.boundLevel())),
                    request,
                    response);
            SavedRequest saved = this.requestCache.getRequest(request, response);
            return ResponseEntity.ok(Map.of(
                    "redirect", (saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/account"));
        }
        this.activity.failed(pending.get().accountId(), "hwk", "failed", request, response);
        String reason = ((PasskeyOutcome.Refused) outcome).reason();
        return ResponseEntity.badRequest().body(Map.of("error", message("passkey.error." + reason, locale)));
    }

    private String resume(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SavedRequest saved = this.requestCache.getRequest(request, response);
        response.sendRedirect((saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/account");
        return null;
    }

    private String page(SecondFactorSignIn.Pending pending, String mode, Model model, HttpServletRequest request) {
        model.addAttribute("mode", mode);
        model.addAttribute("totpEnabled", this.totp.isEnabled(pending.accountId()));
        model.addAttribute("passkeysEnabled", this.passkeys.hasAny(pending.accountId()));
        this.languageLinks.addTo(request, model);
        return "second-factor";
    }

    private String explain(TotpCheck check, Locale locale) {
        String key = "secondFactor.error.wrong";
        if (check instanceof TotpCheck.Replayed) {
            key = "secondFactor.error.replayed";
        } else if (check instanceof TotpCheck.TooManyAttempts) {
            key = "secondFactor.error.tooMany";
        } else if (check instanceof TotpCheck.NotEnabled) {
            key = "secondFactor.error.notEnabled";
        }
        return message(key, locale);
    }

    private String message(String key, Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }
}
