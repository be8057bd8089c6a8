package cn.yiwang.id.server.login;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.server.account.SignInActivity;
import cn.yiwang.id.server.web.OneTimeCodePages;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Passwordless sign-in with a one-time code sent by SMS ({@code amr} {@code sms}, RFC 8176). Whether
 * the number has an account is never revealed: an unknown number is answered like a known one, and
 * every failed code gets the same message.
 */
@Controller
public final class SmsLoginController {

    private static final String FLOW = "login";

    private final OneTimeCodes codes;
    private final AccountRepository accounts;
    private final SessionSignIn signIn;
    private final RequestCache requestCache;
    private final OneTimeCodePages pages;
    private final MeterRegistry meters;
    private final SecondFactorSignIn secondFactor;
    private final SignInActivity activity;

    public SmsLoginController(
            OneTimeCodes codes,
            AccountRepository accounts,
            SessionSignIn signIn,
            RequestCache requestCache,
            OneTimeCodePages pages,
            MeterRegistry meters,
            SecondFactorSignIn secondFactor,
            SignInActivity activity) {
        this.secondFactor = secondFactor;
        this.activity = activity;
        this.codes = codes;
        this.accounts = accounts;
        this.signIn = signIn;
        this.requestCache = requestCache;
        this.pages = pages;
        this.meters = meters;
    }

    @GetMapping("/login/sms")
    public String form(HttpServletRequest request, Model model) {
        return this.pages.page(FLOW, "phone", null, null, null, model, request);
    }

    @PostMapping("/login/sms/code")
    public String sendCode(
            @RequestParam("phone") String phone, HttpServletRequest request, Model model, Locale locale) {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return badPhone(phone, model, request, locale);
        }
        if (this.accounts.findByLoginName(normalised.get()).isEmpty()) {
            // Same answer as for a registered number; no SMS to a stranger's phone.
            return this.pages.page(
                    FLOW, "code", normalised.get(), null, this.pages.message("otp.sent", locale), model, request);
        }
        return this.pages.afterIssue(
                FLOW,
                this.codes.issue(OneTimeCodePurpose.LOGIN, normalised.get(), request.getRemoteAddr()),
                normalised.get(),
                model,
                request,
                locale);
    }

    @PostMapping("/login/sms")
    public String verify(
            @RequestParam("phone") String phone,
            @RequestParam("code") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return badPhone(phone, model, request, locale);
        }
        VerifyOutcome outcome = this.codes.verify(OneTimeCodePurpose.LOGIN, normalised.get(), code);
        Optional<Account> account = this.accounts.findByLoginName(normalised.get());
        if (outcome instanceof VerifyOutcome.Verified
                && account.isPresent()
                && account.get().status() == AccountStatus.ACTIVE) {
            if (this.secondFactor.required(account.get().id())) {
                // an SMS code is one factor, as a password is: a SIM swap alone must not open the account
                this.secondFactor.start(account.get().id(), List.of("sms"), "sms", request, response);
                return null;
            }
            this.signIn.signIn(account.get().id(), List.of("sms"), "sms", request, response);
            SavedRequest saved = this.requestCache.getRequest(request, response);
            response.sendRedirect((saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/account");
            return null;
        }
        account.ifPresent((known) -> this.activity.failed(known.id(), "sms", "failed", request, response));
        this.meters
                .counter("yiwang.login", "outcome", "rejected", "method", "sms")
                .increment();
        return this.pages.page(
                FLOW,
                "code",
                normalised.get(),
                List.of(this.pages.message("otp.error.loginFailed", locale)),
                null,
                model,
                request);
    }

    private String badPhone(String phone, Model model, HttpServletRequest request, Locale locale) {
        return this.pages.page(
                FLOW, "phone", phone, List.of(this.pages.message("otp.error.phone", locale)), null, model, request);
    }
}
