package cn.yiwang.id.server.login;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.server.account.PasswordRules;
import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.web.LanguageLinks;
import cn.yiwang.id.server.web.OneTimeCodePages;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Forgotten password ({@code /login/forgot}): an SMS code to the registered number, then, for an account
 * at L2 or above, the last four characters of its ID number, then the new password twice. Every session of
 * the account ends (with the logout fan-out); the reset is audited. Whether a number is registered is told
 * only to whoever proved they hold it. Between the steps, a random token names the reset in Redis
 * ({@code yid:pwreset:{token}}, ten minutes, three tries at the ID number).
 */
@Controller
public final class PasswordResetController {

    private static final String FLOW = "reset";

    private static final String PREFIX = "yid:pwreset:";

    private static final Duration TTL = Duration.ofMinutes(10);

    private static final int MAX_ID_ATTEMPTS = 3;

    private final OneTimeCodes codes;

    private final AccountRepository accounts;

    private final RealNameRegistry realNames;

    private final SessionManagement sessions;

    private final OneTimeCodePages pages;

    private final LanguageLinks languageLinks;

    private final StringRedisTemplate redis;

    private final AuditLog audit;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    public PasswordResetController(
            OneTimeCodes codes,
            AccountRepository accounts,
            RealNameRegistry realNames,
            SessionManagement sessions,
            OneTimeCodePages pages,
            LanguageLinks languageLinks,
            StringRedisTemplate redis,
            AuditLog audit,
            Clock clock) {
        this.codes = codes;
        this.accounts = accounts;
        this.realNames = realNames;
        this.sessions = sessions;
        this.pages = pages;
        this.languageLinks = languageLinks;
        this.redis = redis;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/login/forgot")
    public String form(HttpServletRequest request, Model model) {
        return this.pages.page(FLOW, "phone", null, null, null, model, request);
    }

    @PostMapping("/login/forgot/code")
    public String sendCode(
            @RequestParam(name = "phone", defaultValue = "") String phone,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        Optional<String> number = LoginNames.mobilePhone(phone);
        if (number.isEmpty()) {
            return this.pages.page(
                    FLOW, "phone", phone, List.of(this.pages.message("otp.error.phone", locale)), null, model, request);
        }
        if (this.accounts.findByLoginName(number.get()).isEmpty()) {
            // the same answer as for a registered number, and no SMS to a stranger
            return this.pages.page(
                    FLOW, "code", number.get(), null, this.pages.message("otp.sent", locale), model, request);
        }
        return this.pages.afterIssue(
                FLOW,
                this.codes.issue(OneTimeCodePurpose.PASSWORD_RESET, number.get(), request.getRemoteAddr()),
                number.get(),
                model,
                request,
                locale);
    }

    @PostMapping("/login/forgot/verify")
    public String verifyCode(
            @RequestParam(name = "phone", defaultValue = "") String phone,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        Optional<String> number = LoginNames.mobilePhone(phone);
        if (number.isEmpty()) {
            return this.pages.page(
                    FLOW, "phone", phone, List.of(this.pages.message("otp.error.phone", locale)), null, model, request);
        }
        VerifyOutcome outcome = this.codes.verify(OneTimeCodePurpose.PASSWORD_RESET, number.get(), code);
        Optional<Account> account = this.accounts.findByLoginName(number.get());
        if (!(outcome instanceof VerifyOutcome.Verified) || account.isEmpty()) {
            String problem = (outcome instanceof VerifyOutcome.Wrong wrong)
                    ? this.pages.message("otp.error.wrong", wrong.attemptsLeft(), locale)
                    : this.pages.message(
                            (outcome instanceof VerifyOutcome.Exhausted) ? "otp.error.exhausted" : "otp.error.expired",
                            locale);
            model.addAttribute("codeDead", !(outcome instanceof VerifyOutcome.Wrong));
            return this.pages.page(FLOW, "code", number.get(), List.of(problem), null, model, request);
        }
        boolean needsId = this.realNames.level(account.get().id()).atLeast(AssuranceLevel.L2);
        String token = newToken();
        this.redis.opsForValue().set(PREFIX + token, account.get().id() + " " + (needsId ? "id" : "-") + " 0", TTL);
        return resetPage(token, needsId, model, request);
    }

    @PostMapping("/login/forgot/reset")
    public String reset(
            @RequestParam(name = "token", defaultValue = "") String token,
            @RequestParam(name = "idLast4", defaultValue = "") String idLast4,
            @RequestParam(name = "newPassword", defaultValue = "") String newPassword,
            @RequestParam(name = "newPasswordConfirm", defaultValue = "") String confirmation,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        String state = (token.length() <= 64) ? this.redis.opsForValue().get(PREFIX + token) : null;
        if (state == null) {
            model.addAttribute("expired", true);
            return resetPage(null, false, model, request);
        }
        String[] parts = state.split(" ");
        UUID accountId = UUID.fromString(parts[0]);
        boolean needsId = "id".equals(parts[1]);
        if (needsId && !lastFourMatch(accountId, idLast4)) {
            int attempts = Integer.parseInt(parts[2]) + 1;
            if (attempts >= MAX_ID_ATTEMPTS) {
                this.redis.delete(PREFIX + token);
                model.addAttribute("expired", true);
                record(accountId, "failed", "id number check failed " + attempts + " times");
                return resetPage(null, false, model, request);
            }
            this.redis.opsForValue().set(PREFIX + token, parts[0] + " id " + attempts, TTL);
            model.addAttribute(
                    "idError", this.pages.message("reset.error.idLast4", MAX_ID_ATTEMPTS - attempts, locale));
            return resetPage(token, true, model, request);
        }
        Optional<String> phone = this.accounts.phoneNumber(accountId);
        Optional<String> problem = PasswordRules.problem(newPassword, confirmation, phone.orElse(null));
        if (problem.isPresent()) {
            model.addAttribute(
                    "password.error.mismatch".equals(problem.get()) ? "passwordConfirmError" : "passwordError",
                    this.pages.message(problem.get(), locale));
            model.addAttribute("idLast4Value", idLast4);
            return resetPage(token, needsId, model, request);
        }
        // single use: a second request with the same token finds nothing
        if (!Boolean.TRUE.equals(this.redis.delete(PREFIX + token))) {
            model.addAttribute("expired", true);
            return resetPage(null, false, model, request);
        }
        this.accounts.changePassword(accountId, newPassword);
        int ended = this.sessions.endAll(accountId.toString(), "user", "password-reset");
        record(accountId, "success", "sessions ended " + ended);
        model.addAttribute("done", true);
        return resetPage(null, false, model, request);
    }

    private boolean lastFourMatch(UUID accountId, String typed) {
        Optional<VerifiedIdentity> identity = this.realNames.identityOf(accountId);
        if (identity.isEmpty() || typed == null || typed.strip().length() != 4) {
            return false;
        }
        String number = identity.get().number();
        String expected = number.substring(number.length() - 4).toUpperCase(Locale.ROOT);
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                typed.strip().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private String resetPage(String token, boolean needsId, Model model, HttpServletRequest request) {
        model.addAttribute("token", token);
        model.addAttribute("needsId", needsId);
        this.languageLinks.addTo(request, model);
        return "reset";
    }

    private void record(UUID accountId, String outcome, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "account.password.reset",
                "user",
                accountId.toString(),
                null,
                null,
                outcome,
                detail));
    }

    private String newToken() {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
