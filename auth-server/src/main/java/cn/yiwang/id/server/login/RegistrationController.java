package cn.yiwang.id.server.login;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.NewAccount;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.server.account.PasswordRules;
import cn.yiwang.id.server.web.OneTimeCodePages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Citizen registration: prove a mobile number with an SMS code, choose a password (typed twice) and
 * accept the user agreement and privacy notice (their versions recorded with the time), signed in at L1;
 * then real-name verification (L2), which may wait when the app needs only L1. Whether a number is
 * registered is told only to whoever proved they hold it.
 */
@Controller
public final class RegistrationController {

    private static final String FLOW = "register";

    private final OneTimeCodes codes;
    private final AccountRepository accounts;
    private final SessionSignIn signIn;
    private final OneTimeCodePages pages;
    private final RegistrationConsents consents;

    public RegistrationController(
            OneTimeCodes codes,
            AccountRepository accounts,
            SessionSignIn signIn,
            OneTimeCodePages pages,
            RegistrationConsents consents) {
        this.codes = codes;
        this.accounts = accounts;
        this.signIn = signIn;
        this.pages = pages;
        this.consents = consents;
    }

    @GetMapping("/register")
    public String form(HttpServletRequest request, Model model) {
        return page("phone", null, null, null, model, request);
    }

    @PostMapping("/register/code")
    public String sendCode(
            @RequestParam("phone") String phone, HttpServletRequest request, Model model, Locale locale) {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return page("phone", phone, List.of(message("otp.error.phone", locale)), null, model, request);
        }
        return this.pages.afterIssue(
                FLOW,
                this.codes.issue(OneTimeCodePurpose.REGISTRATION, normalised.get(), request.getRemoteAddr()),
                normalised.get(),
                model,
                request,
                locale);
    }

    @PostMapping("/register")
    public String register(
            @RequestParam("phone") String phone,
            @RequestParam("code") String code,
            @RequestParam("password") String password,
            @RequestParam(name = "passwordConfirm", defaultValue = "") String passwordConfirm,
            @RequestParam(name = "acceptAgreement", required = false) String acceptAgreement,
            @RequestParam(name = "acceptPrivacy", required = false) String acceptPrivacy,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException {
        Optional<String> normalised = LoginNames.mobilePhone(phone);
        if (normalised.isEmpty()) {
            return page("phone", phone, List.of(message("otp.error.phone", locale)), null, model, request);
        }
        // Checked before the code, which a wrong password or a missing consent must not use up.
        Optional<String> passwordProblem = PasswordRules.problem(password, passwordConfirm, normalised.get());
        if (passwordProblem.isPresent()) {
            model.addAttribute(
                    "password.error.mismatch".equals(passwordProblem.get()) ? "passwordConfirmError" : "passwordError",
                    message(passwordProblem.get(), locale));
            return page("code", normalised.get(), null, null, model, request);
        }
        if (acceptAgreement == null || acceptPrivacy == null) {
            // PIPL art. 14: consent given explicitly, by the citizen's own act; never pre-ticked
            model.addAttribute("acceptError", message("register.error.accept", locale));
            return page("code", normalised.get(), null, null, model, request);
        }
        VerifyOutcome outcome = this.codes.verify(OneTimeCodePurpose.REGISTRATION, normalised.get(), code);
        if (!(outcome instanceof VerifyOutcome.Verified)) {
            model.addAttribute("codeDead", !(outcome instanceof VerifyOutcome.Wrong));
            return page("code", normalised.get(), List.of(explain(outcome, locale)), null, model, request);
        }
        if (this.accounts.findByLoginName(normalised.get()).isPresent()) {
            return page("registered", normalised.get(), null, null, model, request);
        }
        Account account;
        try {
            account = this.accounts.create(new NewAccount(null, normalised.get(), password));
        } catch (DuplicateKeyException ex) {
            return page("registered", normalised.get(), null, null, model, request);
        }
        this.consents.recordAcceptance(account.id());
        this.signIn.signIn(account.id(), List.of("sms", "pwd"), "registration", request, response);
        // real-name verification next, which may wait ("以后再说") when the app needs only L1
        response.sendRedirect(request.getContextPath() + "/stepup?level=L2&optional");
        return null;
    }

    private String explain(VerifyOutcome outcome, Locale locale) {
        if (outcome instanceof VerifyOutcome.Wrong wrong) {
            return this.pages.message("otp.error.wrong", wrong.attemptsLeft(), locale);
        }
        if (outcome instanceof VerifyOutcome.Exhausted) {
            return message("otp.error.exhausted", locale);
        }
        return message("otp.error.expired", locale);
    }

    private String page(
            String step, String phone, List<String> problems, String status, Model model, HttpServletRequest request) {
        return this.pages.page(FLOW, step, phone, problems, status, model, request);
    }

    private String message(String key, Locale locale) {
        return this.pages.message(key, locale);
    }
}
