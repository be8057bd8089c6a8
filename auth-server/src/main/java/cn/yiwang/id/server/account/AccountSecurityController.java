package cn.yiwang.id.server.account;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.otp.Issued;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.account.passkey.PasskeyOutcome;
import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameOutcome;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.RealNameVerification;
import cn.yiwang.id.account.totp.TotpEnrolment;
import cn.yiwang.id.account.totp.TotpService;
import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The account center's security page ({@code /account/security}): the password (changed with the
 * current one or an SMS code), the mobile number (codes to the old and the new number, or without the
 * old one, real-name re-verification), two-step sign-in with an authenticator app, and passkeys.
 * A form with a problem comes back with the problem next to its field and what was typed (never a
 * password or a code); nothing changes half-way.
 */
@Controller
public final class AccountSecurityController {

    private static final Set<String> DONE =
            Set.of("password", "phone", "totp-on", "totp-off", "passkey-added", "passkey-removed", "codes");

    private final AccountRepository accounts;

    private final OneTimeCodes codes;

    private final RealNameRegistry realNames;

    private final RealNameVerification verification;

    private final TotpService totp;

    private final Passkeys passkeys;

    private final Reauthentication reauthentication;

    private final SessionManagement sessions;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public AccountSecurityController(
            AccountRepository accounts,
            OneTimeCodes codes,
            RealNameRegistry realNames,
            RealNameVerification verification,
            TotpService totp,
            Passkeys passkeys,
            Reauthentication reauthentication,
            SessionManagement sessions,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.accounts = accounts;
        this.codes = codes;
        this.realNames = realNames;
        this.verification = verification;
        this.totp = totp;
        this.passkeys = passkeys;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    /** A document type as the re-verification form lists it. */
    public record DocumentTypeItem(String code, String name) {}

    @GetMapping("/account/security")
    public String page(
            @RequestParam(name = "done", required = false) String done,
            @RequestParam(name = "reverify", required = false) String reverify,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        if (done != null && DONE.contains(done)) {
            this.pages.status(model, "account.security.done." + done, locale);
        }
        model.addAttribute("reverify", reverify != null);
        return render(model, request, locale);
    }

    // ---------- password ----------

    @PostMapping("/account/security/password/code")
    public String passwordCode(HttpServletRequest request, Model model, Locale locale) {
        sendToOwnPhone(request, model, locale, "smsCode");
        return render(model, request, locale);
    }

    @PostMapping("/account/security/password")
    public String changePassword(
            @RequestParam(name = "currentPassword", defaultValue = "") String currentPassword,
            @RequestParam(name = "smsCode", defaultValue = "") String smsCode,
            @RequestParam(name = "newPassword", defaultValue = "") String newPassword,
            @RequestParam(name = "newPasswordConfirm", defaultValue = "") String confirmation,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        Optional<String> phone = this.accounts.phoneNumber(accountId);
        Optional<String> problem = PasswordRules.problem(newPassword, confirmation, phone.orElse(null));
        if (problem.isPresent()) {
            this.pages.error(
                    model,
                    "password.error.mismatch".equals(problem.get()) ? "newPasswordConfirm" : "newPassword",
                    problem.get(),
                    locale);
            return render(model, request, locale);
        }
        if (!currentPassword.isEmpty()) {
            Reauthentication.Outcome outcome = this.reauthentication.check(accountId, currentPassword);
            if (outcome != Reauthentication.Outcome.CONFIRMED) {
                this.pages.error(model, "currentPassword", reauthKey(outcome), locale);
                return render(model, request, locale);
            }
        } else if (!smsCode.isEmpty() && phone.isPresent()) {
            VerifyOutcome outcome = this.codes.verify(OneTimeCodePurpose.STEP_UP, phone.get(), smsCode);
            if (!(outcome instanceof VerifyOutcome.Verified)) {
                codeError(model, "smsCode", outcome, locale);
                return render(model, request, locale);
            }
        } else {
            this.pages.error(model, "currentPassword", "account.security.password.proofNeeded", locale);
            return render(model, request, locale);
        }
        this.accounts.changePassword(accountId, newPassword);
        // someone who knew the old password is signed out everywhere else
        this.sessions.endOthers(
                accountId.toString(), AccountPages.citizen().getSession().sid(), "user", "password-changed");
        record("account.password.changed", currentPassword.isEmpty() ? "by sms code" : "by current password");
        return "redirect:/account/security?done=password";
    }

    // ---------- mobile number ----------

    @PostMapping("/account/security/phone/old-code")
    public String oldPhoneCode(
            @RequestParam(name = "newPhone", defaultValue = "") String newPhone,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        model.addAttribute("newPhoneValue", newPhone);
        sendToOwnPhone(request, model, locale, "oldCode");
        return render(model, request, locale);
    }

    @PostMapping("/account/security/phone/new-code")
    public String newPhoneCode(
            @RequestParam(name = "newPhone", defaultValue = "") String newPhone,
            @RequestParam(name = "reverify", required = false) String reverify,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        model.addAttribute("newPhoneValue", newPhone);
        model.addAttribute("reverify", reverify != null);
        Optional<String> number = LoginNames.mobilePhone(newPhone);
        if (number.isEmpty()) {
            this.pages.error(model, "newPhone", "otp.error.phone", locale);
            return render(model, request, locale);
        }
        Issued issued = this.codes.issue(OneTimeCodePurpose.PHONE_CHANGE, number.get(), request.getRemoteAddr());
        issuedStatus(model, issued, "newCode", locale);
        return render(model, request, locale);
    }

    @PostMapping("/account/security/phone")
    public String changePhone(
            @RequestParam(name = "oldCode", defaultValue = "") String oldCode,
            @RequestParam(name = "newPhone", defaultValue = "") String newPhone,
            @RequestParam(name = "newCode", defaultValue = "") String newCode,
            @RequestParam(name = "reverify", required = false) String reverify,
            @RequestParam(name = "realName", defaultValue = "") String realName,
            @RequestParam(name = "documentType", defaultValue = "") String documentType,
            @RequestParam(name = "documentNumber", defaultValue = "") String documentNumber,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        boolean byRealName = reverify != null;
        model.addAttribute("newPhoneValue", newPhone);
        model.addAttribute("reverify", byRealName);
        model.addAttribute("realNameValue", realName);
        model.addAttribute("documentTypeValue", documentType);
        Optional<String> number = LoginNames.mobilePhone(newPhone);
        if (number.isEmpty()) {
            this.pages.error(model, "newPhone", "otp.error.phone", locale);
            return render(model, request, locale);
        }
        // the proof of the old number (or of the person) first: a wrong one must not use up the new code
        if (byRealName) {
            if (!this.realNames.level(accountId).atLeast(AssuranceLevel.L2)) {
                this.pages.error(model, "realName", "account.security.phone.reverifyNeedsL2", locale);
                return render(model, request, locale);
            }
            RealNameOutcome outcome =
                    this.verification.verifyNameAndNumber(accountId, realName, documentType, documentNumber);
            if (!(outcome instanceof RealNameOutcome.Verified)) {
                this.pages.error(
                        model,
                        "documentNumber",
                        (outcome instanceof RealNameOutcome.Unavailable)
                                ? "stepup.error.unavailable"
                                : "account.security.phone.reverifyFailed",
                        locale);
                return render(model, request, locale);
            }
        } else {
            Optional<String> old = this.accounts.phoneNumber(accountId);
            VerifyOutcome outcome = old.map((phone) -> this.codes.verify(OneTimeCodePurpose.STEP_UP, phone, oldCode))
                    .orElse(new VerifyOutcome.Expired());
            if (!(outcome instanceof VerifyOutcome.Verified)) {
                codeError(model, "oldCode", outcome, locale);
                return render(model, request, locale);
            }
        }
        VerifyOutcome proved = this.codes.verify(OneTimeCodePurpose.PHONE_CHANGE, number.get(), newCode);
        if (!(proved instanceof VerifyOutcome.Verified)) {
            codeError(model, "newCode", proved, locale);
            return render(model, request, locale);
        }
        try {
            this.accounts.changePhone(accountId, number.get());
        } catch (DuplicateKeyException ex) {
            this.pages.error(model, "newPhone", "account.security.phone.taken", locale);
            return render(model, request, locale);
        }
        record("account.phone.changed", byRealName ? "by real-name re-verification" : "by codes to both numbers");
        return "redirect:/account/security?done=phone";
    }

    // ---------- two-step sign-in with an authenticator app ----------

    @PostMapping("/account/security/totp/begin")
    public String beginTotp(HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        TotpEnrolment enrolment = this.totp.begin(accountId, label(accountId));
        showEnrolment(model, enrolment, locale);
        return render(model, request, locale);
    }

    @PostMapping("/account/security/totp/confirm")
    public String confirmTotp(
            @RequestParam(name = "totpCode", defaultValue = "") String code,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        Optional<List<String>> recovery = this.totp.confirm(accountId, code);
        if (recovery.isEmpty()) {
            Optional<TotpEnrolment> pending = this.totp.pending(accountId, label(accountId));
            if (pending.isEmpty()) {
                this.pages.error(model, "totp", "account.security.totp.expired", locale);
            } else {
                showEnrolment(model, pending.get(), locale);
                this.pages.error(model, "totpCode", "account.security.totp.wrong", locale);
            }
            return render(model, request, locale);
        }
        record("account.totp.enabled", null);
        model.addAttribute("recoveryCodes", recovery.get());
        this.pages.status(model, "account.security.done.totp-on", locale);
        return render(model, request, locale);
    }

    @PostMapping("/account/security/totp/disable")
    public String disableTotp(
            @RequestParam(name = "password", defaultValue = "") String password,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        Reauthentication.Outcome outcome = this.reauthentication.check(accountId, password);
        if (outcome != Reauthentication.Outcome.CONFIRMED) {
            this.pages.error(model, "disablePassword", reauthKey(outcome), locale);
            return render(model, request, locale);
        }
        this.totp.disable(accountId);
        record("account.totp.disabled", null);
        return "redirect:/account/security?done=totp-off";
    }

    @PostMapping("/account/security/totp/recovery-codes")
    public String newRecoveryCodes(
            @RequestParam(name = "password", defaultValue = "") String password,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        Reauthentication.Outcome outcome = this.reauthentication.check(accountId, password);
        if (outcome != Reauthentication.Outcome.CONFIRMED) {
            this.pages.error(model, "codesPassword", reauthKey(outcome), locale);
            return render(model, request, locale);
        }
        this.totp.regenerateRecoveryCodes(accountId).ifPresent((codes) -> model.addAttribute("recoveryCodes", codes));
        record("account.recovery-codes.renewed", null);
        this.pages.status(model, "account.security.done.codes", locale);
        return render(model, request, locale);
    }

    // ---------- passkeys ----------

    @PostMapping(value = "/account/security/passkeys/options", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public String passkeyOptions() {
        UUID accountId = AccountPages.accountId();
        return this.passkeys.registrationOptions(accountId, label(accountId));
    }

    @PostMapping(
            value = "/account/security/passkeys",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public ResponseEntity<Map<String, String>> addPasskey(
            @RequestBody String body, HttpServletRequest request, Locale locale) {
        UUID accountId = AccountPages.accountId();
        AssuranceLevel sessionLevel = AssuranceLevel.fromAcr(
                        AccountPages.citizen().getSession().acr())
                .orElse(AssuranceLevel.L1);
        PasskeyOutcome outcome = this.passkeys.register(accountId, body, sessionLevel);
        if (outcome instanceof PasskeyOutcome.Refused refused) {
            return ResponseEntity.badRequest()
                    .body(Map.of("error", this.pages.message("passkey.error." + refused.reason(), locale)));
        }
        record("account.passkey.added", "bound at " + sessionLevel.name());
        return ResponseEntity.ok(Map.of("redirect", request.getContextPath() + "/account/security?done=passkey-added"));
    }

    @PostMapping("/account/security/passkeys/{id}/remove")
    public String removePasskey(@PathVariable String id, HttpServletRequest request, Model model, Locale locale) {
        if (id.length() > 1400 || !this.passkeys.remove(AccountPages.accountId(), id)) {
            this.pages.error(model, "passkeys", "account.security.passkey.notFound", locale);
            return render(model, request, locale);
        }
        record("account.passkey.removed", null);
        return "redirect:/account/security?done=passkey-removed";
    }

    // ---------- the page ----------

    private String render(Model model, HttpServletRequest request, Locale locale) {
        UUID accountId = AccountPages.accountId();
        Account account = this.accounts.findById(accountId).orElseThrow();
        model.addAttribute("phoneMasked", account.phoneMasked());
        model.addAttribute("canReverify", this.realNames.level(accountId).atLeast(AssuranceLevel.L2));
        model.addAttribute("totpEnabled", this.totp.isEnabled(accountId));
        model.addAttribute("recoveryCodesLeft", this.totp.recoveryCodesLeft(accountId));
        model.addAttribute("passkeys", this.passkeys.list(accountId));
        boolean english = "en".equals(locale.getLanguage());
        model.addAttribute(
                "documentTypes",
                Arrays.stream(IdentityDocumentType.values())
                        .map((type) -> new DocumentTypeItem(
                                type.code(), english ? type.displayNameEn() : type.displayNameZh()))
                        .toList());
        if (!model.containsAttribute("reverify")) {
            model.addAttribute("reverify", false);
        }
        return this.pages.page("account/security", "security", model, request);
    }

    private void showEnrolment(Model model, TotpEnrolment enrolment, Locale locale) {
        model.addAttribute("enrolling", true);
        model.addAttribute("totpSecret", enrolment.secret());
        model.addAttribute(
                "totpQr", QrCodes.svg(enrolment.uri(), this.pages.message("account.security.totp.qr", locale)));
    }

    private void sendToOwnPhone(HttpServletRequest request, Model model, Locale locale, String field) {
        Optional<String> phone = this.accounts.phoneNumber(AccountPages.accountId());
        if (phone.isEmpty()) {
            this.pages.error(model, field, "account.security.noPhone", locale);
            return;
        }
        issuedStatus(
                model,
                this.codes.issue(OneTimeCodePurpose.STEP_UP, phone.get(), request.getRemoteAddr()),
                field,
                locale);
    }

    private void issuedStatus(Model model, Issued issued, String field, Locale locale) {
        if (issued instanceof Issued.Sent sent) {
            this.pages.status(model, "account.security.codeSent", locale);
            model.addAttribute("resendSeconds", sent.resendAfter().toSeconds());
        } else if (issued instanceof Issued.TooSoon tooSoon) {
            this.pages.error(
                    model,
                    field,
                    "otp.error.tooSoon",
                    locale,
                    tooSoon.retryAfter().toSeconds());
            model.addAttribute("resendSeconds", tooSoon.retryAfter().toSeconds());
        } else if (issued instanceof Issued.DailyLimitReached) {
            this.pages.error(model, field, "otp.error.dailyLimit", locale);
        } else {
            this.pages.error(model, field, "otp.error.sendFailed", locale);
        }
    }

    private void codeError(Model model, String field, VerifyOutcome outcome, Locale locale) {
        if (outcome instanceof VerifyOutcome.Wrong wrong) {
            this.pages.error(model, field, "otp.error.wrong", locale, wrong.attemptsLeft());
        } else if (outcome instanceof VerifyOutcome.Exhausted) {
            this.pages.error(model, field, "otp.error.exhausted", locale);
        } else {
            this.pages.error(model, field, "otp.error.expired", locale);
        }
    }

    private static String reauthKey(Reauthentication.Outcome outcome) {
        return (outcome == Reauthentication.Outcome.THROTTLED)
                ? "account.security.password.throttled"
                : "account.security.password.wrong";
    }

    /** What an authenticator app or passkey lists the account as: the masked number, never the full one. */
    private String label(UUID accountId) {
        Account account = this.accounts.findById(accountId).orElseThrow();
        return (account.phoneMasked() != null) ? account.phoneMasked() : account.username();
    }

    private void record(String type, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "user",
                AccountPages.accountId().toString(),
                null,
                AccountPages.citizen().getSession().sid(),
                "success",
                detail));
    }
}
