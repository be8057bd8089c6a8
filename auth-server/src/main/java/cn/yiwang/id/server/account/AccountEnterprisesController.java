package cn.yiwang.id.server.account;

import cn.yiwang.id.account.enterprise.ActingRole;
import cn.yiwang.id.account.enterprise.Authorisation;
import cn.yiwang.id.account.enterprise.BusinessScopes;
import cn.yiwang.id.account.enterprise.EnterpriseAuthorisations;
import cn.yiwang.id.account.enterprise.EnterpriseDeclaration;
import cn.yiwang.id.account.enterprise.EnterpriseRegistration;
import cn.yiwang.id.account.enterprise.EnterpriseRole;
import cn.yiwang.id.account.enterprise.RegistrationOutcome;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The account center's enterprises ({@code /account/enterprises}): the enterprises the citizen acts for,
 * authorisations offered to them (accept or decline), registering an enterprise as its legal representative,
 * and, for a legal representative, authorising and revoking agents (经办人).
 */
@Controller
public final class AccountEnterprisesController {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final EnterpriseRegistration registration;

    private final EnterpriseAuthorisations authorisations;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public AccountEnterprisesController(
            EnterpriseRegistration registration,
            EnterpriseAuthorisations authorisations,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.registration = registration;
        this.authorisations = authorisations;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/account/enterprises")
    public String enterprises(HttpServletRequest request, Model model, Locale locale) {
        this.registration.recheckStaleOf(AccountPages.accountId());
        return page(request, model);
    }

    @PostMapping("/account/enterprises/register")
    public String register(
            @RequestParam(name = "uscc", defaultValue = "") String uscc,
            @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "representativeName", defaultValue = "") String representativeName,
            @RequestParam(name = "representativeNumber", defaultValue = "") String representativeNumber,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        RegistrationOutcome outcome = this.registration.register(
                accountId, new EnterpriseDeclaration(uscc, name, representativeName, representativeNumber));
        boolean english = "en".equals(locale.getLanguage());
        if (outcome instanceof RegistrationOutcome.Registered registered) {
            record(
                    "enterprise.registered",
                    accountId,
                    "success",
                    "legal representative of " + registered.role().uscc());
            this.pages.status(
                    model, "enterprise.registered", locale, registered.role().name());
        } else if (outcome instanceof RegistrationOutcome.Invalid invalid) {
            model.addAttribute(
                    "problems",
                    invalid.problems().stream()
                            .map((p) -> english ? p.messageEn() : p.messageZh())
                            .toList());
            keep(model, uscc, name, representativeName);
        } else if (outcome instanceof RegistrationOutcome.Refused refused) {
            record("enterprise.registered", accountId, "refused", refused.reason());
            model.addAttribute(
                    "problems", List.of(this.pages.message("enterprise.refused." + refused.reason(), locale)));
            keep(model, uscc, name, representativeName);
        } else if (outcome instanceof RegistrationOutcome.Unavailable unavailable) {
            record("enterprise.registered", accountId, "unavailable", unavailable.reason());
            // plain words and a retry: nothing was stored, the form is kept (the ID number is retyped)
            model.addAttribute("registryUnavailable", true);
            keep(model, uscc, name, representativeName);
        }
        return page(request, model);
    }

    @PostMapping("/account/enterprises/{uscc}/agents")
    public String authorise(
            @PathVariable("uscc") String uscc,
            @RequestParam(name = "agent", defaultValue = "") String agent,
            @RequestParam(name = "scopes", required = false) List<String> scopes,
            @RequestParam(name = "expires", defaultValue = "") String expires,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        java.time.Instant expiresAt;
        try {
            expiresAt = LocalDate.parse(expires).plusDays(1).atStartOfDay(CHINA).toInstant();
        } catch (DateTimeParseException ex) {
            expiresAt = null;
        }
        EnterpriseAuthorisations.AuthoriseOutcome outcome =
                this.authorisations.authorise(accountId, uscc, agent, (scopes != null) ? scopes : List.of(), expiresAt);
        record("enterprise.agent-authorised", accountId, outcome.name().toLowerCase(Locale.ROOT), "enterprise " + uscc);
        String key = "enterprise.authorise."
                + outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (outcome == EnterpriseAuthorisations.AuthoriseOutcome.OFFERED) {
            this.pages.status(model, key, locale);
        } else {
            model.addAttribute("problems", List.of(this.pages.message(key, locale)));
        }
        return page(request, model);
    }

    @PostMapping("/account/enterprises/offers/{id}/accept")
    public String accept(@PathVariable("id") UUID id, HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        boolean accepted = this.authorisations.accept(accountId, id);
        record("enterprise.agent-accepted", accountId, accepted ? "success" : "refused", "authorisation " + id);
        if (accepted) {
            this.pages.status(model, "enterprise.accepted", locale);
        } else {
            model.addAttribute("problems", List.of(this.pages.message("enterprise.notOpen", locale)));
        }
        return page(request, model);
    }

    @PostMapping("/account/enterprises/authorisations/{id}/revoke")
    public String revoke(@PathVariable("id") UUID id, HttpServletRequest request, Model model, Locale locale) {
        UUID accountId = AccountPages.accountId();
        Optional<Authorisation> revoked = this.authorisations.revoke(accountId, id);
        record(
                "enterprise.agent-revoked",
                accountId,
                revoked.isPresent() ? "success" : "refused",
                revoked.map((a) -> "enterprise " + a.uscc() + ", authorisation " + id)
                        .orElse("authorisation " + id));
        if (revoked.isPresent()) {
            this.pages.status(model, "enterprise.revoked", locale);
        } else {
            model.addAttribute("problems", List.of(this.pages.message("enterprise.notOpen", locale)));
        }
        return page(request, model);
    }

    private String page(HttpServletRequest request, Model model) {
        UUID accountId = AccountPages.accountId();
        List<ActingRole> roles = this.authorisations.actingRoles(accountId);
        Map<String, List<Authorisation>> agents = new LinkedHashMap<>();
        roles.stream()
                .filter((role) -> role.role() == EnterpriseRole.LEGAL_REPRESENTATIVE)
                .forEach((role) -> agents.put(role.uscc(), this.authorisations.agents(accountId, role.uscc())));
        model.addAttribute("roles", roles);
        model.addAttribute("agents", agents);
        model.addAttribute("offers", this.authorisations.offers(accountId));
        model.addAttribute("businessScopes", BusinessScopes.ALL);
        model.addAttribute(
                "defaultExpiry", LocalDate.now(this.clock.withZone(CHINA)).plusMonths(6));
        return this.pages.page("account/enterprises", "enterprises", model, request);
    }

    private static void keep(Model model, String uscc, String name, String representativeName) {
        model.addAttribute("usccValue", uscc);
        model.addAttribute("nameValue", name);
        model.addAttribute("representativeNameValue", representativeName);
    }

    private void record(String type, UUID accountId, String outcome, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                type,
                "user",
                accountId.toString(),
                null,
                AccountPages.citizen().getSession().sid(),
                outcome,
                detail));
    }
}
