package cn.yiwang.id.server.account;

import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.account.otp.Issued;
import cn.yiwang.id.account.otp.OneTimeCodePurpose;
import cn.yiwang.id.account.otp.OneTimeCodes;
import cn.yiwang.id.account.otp.VerifyOutcome;
import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.logout.BrowserLogout;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Your data ({@code /account/data}, PIPL): download a copy of everything held about the citizen (art. 45),
 * and delete the account (art. 47) after confirming with the password or an SMS code: a 15-day cooling-off
 * period during which signing in cancels it, then erasure. The request signs the citizen out everywhere.
 */
@Controller
public final class AccountDataController {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final AccountExport export;

    private final AccountDeletion deletion;

    private final AccountRepository accounts;

    private final OneTimeCodes codes;

    private final Reauthentication reauthentication;

    private final SessionManagement sessions;

    private final BrowserLogout browserLogout;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public AccountDataController(
            AccountExport export,
            AccountDeletion deletion,
            AccountRepository accounts,
            OneTimeCodes codes,
            Reauthentication reauthentication,
            SessionManagement sessions,
            BrowserLogout browserLogout,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.export = export;
        this.deletion = deletion;
        this.accounts = accounts;
        this.codes = codes;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
        this.browserLogout = browserLogout;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/account/data")
    public String page(
            @RequestParam(name = "done", required = false) String done,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        if ("cancelled".equals(done)) {
            this.pages.status(model, "account.data.delete.cancelled", locale);
        }
        return render(model, request);
    }

    @GetMapping("/account/data/export")
    public ResponseEntity<byte[]> download() {
        UUID accountId = AccountPages.accountId();
        byte[] body = this.export.export(accountId).getBytes(StandardCharsets.UTF_8);
        record("account.exported", null);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("yiwang-id-" + LocalDate.now(this.clock.withZone(CHINA)) + ".json")
                                .build()
                                .toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    @PostMapping("/account/data/delete/code")
    public String deletionCode(HttpServletRequest request, Model model, Locale locale) {
        Optional<String> phone = this.accounts.phoneNumber(AccountPages.accountId());
        if (phone.isEmpty()) {
            this.pages.error(model, "smsCode", "account.security.noPhone", locale);
            return render(model, request);
        }
        Issued issued = this.codes.issue(OneTimeCodePurpose.STEP_UP, phone.get(), request.getRemoteAddr());
        if (issued instanceof Issued.Sent sent) {
            this.pages.status(model, "account.security.codeSent", locale);
            model.addAttribute("resendSeconds", sent.resendAfter().toSeconds());
        } else if (issued instanceof Issued.TooSoon tooSoon) {
            this.pages.error(
                    model,
                    "smsCode",
                    "otp.error.tooSoon",
                    locale,
                    tooSoon.retryAfter().toSeconds());
            model.addAttribute("resendSeconds", tooSoon.retryAfter().toSeconds());
        } else {
            this.pages.error(
                    model,
                    "smsCode",
                    (issued instanceof Issued.DailyLimitReached) ? "otp.error.dailyLimit" : "otp.error.sendFailed",
                    locale);
        }
        return render(model, request);
    }

    @PostMapping("/account/data/delete")
    public String delete(
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "smsCode", defaultValue = "") String smsCode,
            @RequestParam(name = "understood", required = false) String understood,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale)
            throws IOException, ServletException {
        UUID accountId = AccountPages.accountId();
        if (understood == null) {
            this.pages.error(model, "understood", "account.data.delete.confirmNeeded", locale);
            return render(model, request);
        }
        if (!password.isEmpty()) {
            Reauthentication.Outcome outcome = this.reauthentication.check(accountId, password);
            if (outcome != Reauthentication.Outcome.CONFIRMED) {
                this.pages.error(
                        model,
                        "password",
                        (outcome == Reauthentication.Outcome.THROTTLED)
                                ? "account.security.password.throttled"
                                : "account.security.password.wrong",
                        locale);
                return render(model, request);
            }
        } else {
            Optional<String> phone = this.accounts.phoneNumber(accountId);
            VerifyOutcome outcome = (phone.isPresent() && !smsCode.isEmpty())
                    ? this.codes.verify(OneTimeCodePurpose.STEP_UP, phone.get(), smsCode)
                    : null;
            if (!(outcome instanceof VerifyOutcome.Verified)) {
                this.pages.error(
                        model,
                        "password",
                        (outcome == null) ? "account.security.password.proofNeeded" : "otp.error.expired",
                        locale);
                return render(model, request);
            }
        }
        Instant eraseAfter = this.deletion.request(accountId);
        record("account.deletion.requested", "erasure after " + eraseAfter);
        this.sessions.endOthers(
                accountId.toString(), AccountPages.citizen().getSession().sid(), "user", "account-deletion");
        this.browserLogout.logOut(request, response, "user", "account-deletion");
        this.browserLogout.finish(request, response, request.getContextPath() + "/logged-out?deletion");
        return null;
    }

    @PostMapping("/account/data/delete/cancel")
    public String cancel() {
        if (this.deletion.cancel(AccountPages.accountId())) {
            record("account.deletion.cancelled", "by the citizen");
        }
        return "redirect:/account/data?done=cancelled";
    }

    private String render(Model model, HttpServletRequest request) {
        UUID accountId = AccountPages.accountId();
        this.deletion.pendingUntil(accountId).ifPresent((until) -> model.addAttribute("deletionPendingUntil", until));
        model.addAttribute(
                "phoneMasked",
                this.accounts.findById(accountId).map((a) -> a.phoneMasked()).orElse(null));
        model.addAttribute("coolingOffDays", AccountDeletion.COOLING_OFF.toDays());
        return this.pages.page("account/data", "data", model, request);
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
