package cn.yiwang.id.server.account;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.IdentityLink;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Linked provinces ({@code /account/links}): the provincial accounts that sign the citizen in, and
 * removing one, never the last way in.
 */
@Controller
public final class AccountLinksPageController {

    private final AccountLinking linking;

    private final IdentityProviderRegistry registry;

    private final AccountRepository accounts;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public AccountLinksPageController(
            AccountLinking linking,
            IdentityProviderRegistry registry,
            AccountRepository accounts,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.linking = linking;
        this.registry = registry;
        this.accounts = accounts;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    /** One link as the page shows it. */
    public record LinkItem(String alias, String name, Instant linkedAt, Instant lastLoginAt) {}

    @GetMapping("/account/links")
    public String list(
            @RequestParam(name = "done", required = false) String done,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        if ("removed".equals(done)) {
            this.pages.status(model, "account.links.removed", locale);
        }
        return render(model, request, locale);
    }

    @PostMapping("/account/links/{alias}/remove")
    public String remove(@PathVariable String alias, HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        List<IdentityLink> links = this.linking.linksOf(accountId);
        if (links.stream().noneMatch((link) -> link.idpAlias().equals(alias))) {
            this.pages.status(model, "account.links.notFound", locale);
            return render(model, request, locale);
        }
        Account account = this.accounts.findById(accountId).orElseThrow();
        if (links.size() == 1 && !hasOtherWayIn(account)) {
            model.addAttribute("problems", List.of(this.pages.message("account.links.lastWayIn", locale)));
            return render(model, request, locale);
        }
        this.linking.unlink(accountId, alias);
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "federation.unlinked",
                "user",
                accountId.toString(),
                null,
                AccountPages.citizen().getSession().sid(),
                "success",
                alias));
        return "redirect:/account/links?done=removed";
    }

    /**
     * Whether the account can still be reached without its provincial links: a mobile number (SMS sign-in
     * and password reset) or a password the citizen chose. An account made just in time by a province
     * ({@code fed-} user name) starts with a random password nobody knows, until the citizen changes it.
     */
    static boolean hasOtherWayIn(Account account) {
        boolean randomPassword = account.username() != null
                && account.username().startsWith("fed-")
                && !account.passwordChangedAt().isAfter(account.createdAt());
        return account.phoneMasked() != null || !randomPassword;
    }

    private String render(Model model, HttpServletRequest request, Locale locale) {
        boolean english = "en".equals(locale.getLanguage());
        model.addAttribute(
                "links",
                this.linking.linksOf(AccountPages.accountId()).stream()
                        .map((link) -> new LinkItem(
                                link.idpAlias(),
                                this.registry
                                        .findEnabled(link.idpAlias())
                                        .map((idp) -> english ? idp.displayNameEn() : idp.displayNameZh())
                                        .orElse(link.idpAlias()),
                                link.linkedAt(),
                                link.lastLoginAt()))
                        .toList());
        return this.pages.page("account/links", "links", model, request);
    }
}
