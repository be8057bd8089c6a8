package cn.yiwang.id.server.account;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import cn.yiwang.id.account.totp.TotpService;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The account center's overview ({@code /account}): who the account is (name masked until the citizen
 * asks to see it), its level of assurance and what raising it takes, the masked phone and ID number.
 */
@Controller
public final class AccountOverviewController {

    private final AccountRepository accounts;

    private final RealNameRegistry realNames;

    private final TotpService totp;

    private final Passkeys passkeys;

    private final AccountDeletion deletion;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public AccountOverviewController(
            AccountRepository accounts,
            RealNameRegistry realNames,
            TotpService totp,
            Passkeys passkeys,
            AccountDeletion deletion,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.accounts = accounts;
        this.realNames = realNames;
        this.totp = totp;
        this.passkeys = passkeys;
        this.deletion = deletion;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping({"/", "/account"})
    public String overview(HttpServletRequest request, Model model, Locale locale) {
        return overview(false, request, model, locale);
    }

    /** Shows the full real name once, to the citizen who asked (audited: it is personal data shown). */
    @PostMapping("/account/reveal-name")
    public String reveal(HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "account.name.revealed",
                "user",
                accountId.toString(),
                null,
                AccountPages.citizen().getSession().sid(),
                "success",
                null));
        return overview(true, request, model, locale);
    }

    private String overview(boolean reveal, HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        Account account = this.accounts.findById(accountId).orElseThrow();
        AssuranceLevel level = this.realNames.level(accountId);
        Optional<VerifiedIdentity> identity = this.realNames.identityOf(accountId);
        model.addAttribute("account", account);
        model.addAttribute("level", level.name());
        model.addAttribute(
                "sessionLevel",
                AssuranceLevel.fromAcr(AccountPages.citizen().getSession().acr())
                        .orElse(AssuranceLevel.L1)
                        .name());
        model.addAttribute("next", next(level));
        identity.ifPresent((id) -> {
            model.addAttribute("realName", reveal ? id.realName() : Masking.name(id.realName()));
            model.addAttribute("nameRevealed", reveal);
            model.addAttribute("idNumberMasked", id.maskedNumber());
            model.addAttribute("documentType", documentTypeName(id.documentType(), locale));
        });
        model.addAttribute("totpEnabled", this.totp.isEnabled(accountId));
        model.addAttribute("passkeyCount", this.passkeys.list(accountId).size());
        this.deletion.pendingUntil(accountId).ifPresent((until) -> model.addAttribute("deletionPendingUntil", until));
        return this.pages.page("account/overview", "overview", model, request);
    }

    /** What raising the level takes: the level reachable next and whether it can be done online. */
    static String next(AssuranceLevel level) {
        return switch (level) {
            case L1 -> "L2";
            case L2 -> "L3";
            case L3 -> "L4";
            case L4 -> "none";
        };
    }

    private static String documentTypeName(String code, Locale locale) {
        return Arrays.stream(IdentityDocumentType.values())
                .filter((type) -> type.code().equals(code))
                .findFirst()
                .map((type) -> "en".equals(locale.getLanguage()) ? type.displayNameEn() : type.displayNameZh())
                .orElse(code);
    }
}
