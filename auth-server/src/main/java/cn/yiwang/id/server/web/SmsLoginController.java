package cn.yiwang.id.server.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.otp.Issued;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.server.login.SessionSignIn;

import org.springframework.context.MessageSource;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Passwordless sign-in with a one-time code sent by SMS ({@code amr} {@code sms}, RFC 8176). Whether
 * the number has an account is never revealed: an unknown number is answered like a known one.
 */
@Controller
public final class SmsLoginController {

    private final OneTimeCodes codes;
    private final AccountRepository accounts;
    private final SessionSignIn signIn;
    private final RequestCache requestCache;
    private final MessageSource messages;
    private final LanguageLinks languageLinks;
    private final MeterRegistry meters;

    public SmsLoginController(OneTimeCodes codes, AccountRepository accounts, SessionSignIn signIn,
            RequestCache requestCache, MessageSource messages, LanguageLinks languageLinks, MeterRegistry meters) {
        this.codes = codes;
        this.accounts = accounts;
        this.signIn = signIn;
        this.requestCache = requestCache;
        this.messages = messages;
        this.languageLinks = languageLinks;
        this.meters = meters;
    }

    @GetMapping("/login/sms")
    public String form(HttpServletRequest request, Model model) {
        return page("phone", null, null, null, model, request);
    }

    @PostMapping("/login/sms/code")
    public String sendCode(@RequestParam("phone") String phone, HttpServletRequest request, Model model,
            Locale locale) {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return page("phone", phone, List.of(message("otp.error.phone", locale)), null, model, request);
        }
        Optional<Account> account = this.accounts.findByLoginName(normalised.get());
        if (account.isEmpty()) {
            // Same answer as for a registered number; no SMS to a stranger's phone.
            return page("code", normalised.get(), null, message("otp.sent", locale), model, request);
        }
        Issued issued = this.codes.issue(OneTimeCodePurpose.LOGIN, normalised.get(), request.getRemoteAddr());
        return issuedPage(issued, normalised.get(), model, request, locale);
    }

    @PostMapping("/login/sms")
    public String verify(@RequestParam("phone") String phone, @RequestParam("code") String code,
            HttpServletRequest request, HttpServletResponse response, Model model, Locale locale)
            throws IOException {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return page("phone", phone, List.of(message("otp.error.phone", locale)), null, model, request);
        }
        VerifyOutcome outcome = this.codes.verify(OneTimeCodePurpose.LOGIN, normalised.get(), code);
        Optional<Account> account = this.accounts.findByLoginName(normalised.get());
        if (outcome instanceof VerifyOutcome.Verified && account.isPresent()
                && account.get().status() == AccountStatus.ACTIVE) {
            this.signIn.signIn(account.get().id(), List.of("sms"), "sms", request, response);
            SavedRequest saved = this.requestCache.getRequest(request, response);
            response.sendRedirect((saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/signed-in");
            return null;
        }
        this.meters.counter("yiwang.login", "outcome", "rejected", "method", "sms").increment();
        return page("code", normalised.get(), List.of(explain(outcome, locale)), null, model, request);
    }

    private String issuedPage(Issued issued, String phone, Model model, HttpServletRequest request, Locale locale) {
        if (issued instanceof Issued.Sent) {
            return page("code", phone, null, message("otp.sent", locale), model, request);
        }
        String problem = (issued instanceof Issued.TooSoon tooSoon)
                ? this.messages.getMessage("otp.error.tooSoon", new Object[] { tooSoon.retryAfter().toSeconds() },
                        locale)
                : (issued instanceof Issued.DailyLimitReached) ? message("otp.error.dailyLimit", locale)
                        : message("otp.error.sendFailed", locale);
        return page((issued instanceof Issued.TooSoon) ? "code" : "phone", phone, List.of(problem), null, model,
                request);
    }

    /** One answer for every failure, so a stranger cannot tell a registered number from another. */
    private String explain(VerifyOutcome outcome, Locale locale) {
        return message("otp.error.loginFailed", locale);
    }

    private String page(String step, String phone, List<String> problems, String status, Model model,
            HttpServletRequest request) {
        model.addAttribute("flow", "login");
        model.addAttribute("step", step);
        model.addAttribute("phoneValue", phone);
        model.addAttribute("problems", problems);
        model.addAttribute("status", status);
        this.languageLinks.addTo(request, model);
        return "sms";
    }

    private String message(String key, Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }
}
