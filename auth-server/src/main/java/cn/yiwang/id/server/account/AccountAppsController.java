package cn.yiwang.id.server.account;

import cn.yiwang.id.server.saml.SamlConsents;
import cn.yiwang.id.server.saml.registry.ServiceProviders;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * App authorizations ({@code /account/apps}): every OIDC client and SAML service provider the citizen
 * consented to, with what it receives and since when; withdrawing one.
 */
@Controller
public final class AccountAppsController {

    private final AppAuthorizations authorizations;

    private final ServiceProviders serviceProviders;

    private final AppNames appNames;

    private final AccountPages pages;

    public AccountAppsController(
            AppAuthorizations authorizations,
            ServiceProviders serviceProviders,
            AppNames appNames,
            AccountPages pages) {
        this.authorizations = authorizations;
        this.serviceProviders = serviceProviders;
        this.appNames = appNames;
        this.pages = pages;
    }

    /** A SAML consent as the page shows it. */
    public record SamlItem(String entityId, String name, String attribute, Instant grantedAt) {}

    @GetMapping("/account/apps")
    public String list(
            @RequestParam(name = "done", required = false) String done,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        if ("withdrawn".equals(done)) {
            this.pages.status(model, "account.apps.withdrawn", locale);
        }
        return render(model, request, locale);
    }

    @PostMapping("/account/apps/oidc/withdraw")
    public String withdrawOidc(
            @RequestParam("clientId") String clientId, HttpServletRequest request, Model model, Locale locale) {
        if (!this.authorizations.withdrawOidc(AccountPages.citizen().getName(), clientId)) {
            this.pages.status(model, "account.apps.notFound", locale);
            return render(model, request, locale);
        }
        return "redirect:/account/apps?done=withdrawn";
    }

    @PostMapping("/account/apps/saml/withdraw")
    public String withdrawSaml(
            @RequestParam("entityId") String entityId, HttpServletRequest request, Model model, Locale locale) {
        if (!this.authorizations.withdrawSaml(AccountPages.citizen().getName(), entityId)) {
            this.pages.status(model, "account.apps.notFound", locale);
            return render(model, request, locale);
        }
        return "redirect:/account/apps?done=withdrawn";
    }

    private String render(Model model, HttpServletRequest request, Locale locale) {
        String accountId = AccountPages.citizen().getName();
        model.addAttribute("oidc", this.authorizations.oidc(accountId));
        List<SamlItem> saml = this.authorizations.saml(accountId).stream()
                .map((SamlConsents.Granted granted) -> new SamlItem(
                        granted.entityId(),
                        this.serviceProviders
                                .findEnabledByEntityId(granted.entityId())
                                .map((sp) -> this.appNames.samlName(sp, locale))
                                .orElse(granted.entityId()),
                        granted.attribute(),
                        granted.grantedAt()))
                .toList();
        model.addAttribute("saml", saml);
        return this.pages.page("account/apps", "apps", model, request);
    }
}
