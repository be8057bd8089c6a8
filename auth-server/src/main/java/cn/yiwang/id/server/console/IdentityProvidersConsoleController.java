package cn.yiwang.id.server.console;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.registry.ConnectionTester;
import cn.yiwang.id.federation.registry.IdentityProviderAdministration;
import cn.yiwang.id.federation.registry.IdentityProviderValidator;
import cn.yiwang.id.federation.registry.InvalidIdentityProviderException;
import cn.yiwang.id.federation.registry.VersionedIdentityProvider;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.api.AdminAccountsController;
import cn.yiwang.id.server.permission.AdminPermission;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's provincial identity providers ({@code /admin/identity-providers}): the list, one provider with
 * "test connection", and the create and edit forms over the registry. A save goes through a confirm step that
 * shows the change field by field (the secret only as "changed"), carries the version the form was based on,
 * and a concurrent change in between gets the 412 page with what the other administrator changed. Validation
 * messages sit beside their fields, in the page's language, with the input kept.
 */
@Controller
@RequestMapping("/admin/identity-providers")
public final class IdentityProvidersConsoleController {

    private final IdentityProviderAdministration administration;

    private final ConnectionTester tester;

    private final MessageSource messages;

    public IdentityProvidersConsoleController(
            IdentityProviderAdministration administration, ConnectionTester tester, MessageSource messages) {
        this.administration = administration;
        this.tester = tester;
        this.messages = messages;
    }

    /** Which console section these pages are, for the navigation of the shared confirm and conflict pages. */
    @ModelAttribute("section")
    public String section() {
        return "identity-providers";
    }

    @GetMapping
    public String list(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_READ);
        model.addAttribute("providers", this.administration.findAll());
        return "admin/identity-providers/list";
    }

    @GetMapping("/{alias}")
    public String detail(
            @PathVariable String alias,
            @RequestParam(required = false) String done,
            Authentication admin,
            Model model) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_READ);
        VersionedIdentityProvider stored = existing(alias);
        model.addAttribute("stored", stored);
        model.addAttribute("form", IdentityProviderForm.of(stored.provider()));
        if ("created".equals(done) || "updated".equals(done)) {
            model.addAttribute("doneKey", "console.idp.done." + done);
        }
        return "admin/identity-providers/detail";
    }

    @PostMapping("/{alias}/test-connection")
    public String testConnection(@PathVariable String alias, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_WRITE);
        VersionedIdentityProvider stored = existing(alias);
        model.addAttribute("stored", stored);
        model.addAttribute("form", IdentityProviderForm.of(stored.provider()));
        model.addAttribute("report", this.tester.test(stored.provider()));
        return "admin/identity-providers/detail";
    }

    @GetMapping("/new")
    public String createForm(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_WRITE);
        return form(model, IdentityProviderForm.blank(), null, Map.of());
    }

    @PostMapping("/new")
    public String create(
            @ModelAttribute IdentityProviderForm form,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication admin,
            Model model,
            java.util.Locale locale) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_WRITE);
        IdentityProvider provider = form.toIdentityProvider(null);
        Map<String, String> errors = errors(IdentityProviderValidator.validate(provider), locale);
        if (!errors.isEmpty()) {
            return form(model, form, null, errors);
        }
        if (!confirmed) {
            return confirm(
                    model,
                    "console.idp.confirm.create",
                    form.alias(),
                    IdentityProviderForm.diff(null, form),
                    "/admin/identity-providers/new",
                    "/admin/identity-providers",
                    form,
                    null);
        }
        try {
            this.administration.create(provider, AdminAccountsController.actor(admin));
        } catch (DuplicateKeyException ex) {
            return form(model, form, null, Map.of("alias", message("console.idp.error.aliasTaken", locale)));
        } catch (InvalidIdentityProviderException ex) {
            return form(model, form, null, errors(ex.violations(), locale));
        }
        return "redirect:/admin/identity-providers/" + provider.alias() + "?done=created";
    }

    @GetMapping("/{alias}/edit")
    public String editForm(@PathVariable String alias, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_WRITE);
        VersionedIdentityProvider stored = existing(alias);
        return form(model, IdentityProviderForm.of(stored.provider()), stored.version(), Map.of());
    }

    @PostMapping("/{alias}/edit")
    public String edit(
            @PathVariable String alias,
            @ModelAttribute IdentityProviderForm form,
            @RequestParam int version,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication admin,
            HttpServletResponse response,
            Model model,
            java.util.Locale locale) {
        ConsolePermissions.require(admin, AdminPermission.IDPS_WRITE);
        VersionedIdentityProvider current = existing(alias);
        // the alias names the provider and cannot change: the URL's wins
        IdentityProviderForm edited = withAlias(form, alias);
        if (current.version() != version) {
            return conflict(response, model, alias, current, edited);
        }
        IdentityProvider provider = edited.toIdentityProvider(current.provider().clientSecret());
        Map<String, String> errors = errors(IdentityProviderValidator.validate(provider), locale);
        if (!errors.isEmpty()) {
            return form(model, edited, version, errors);
        }
        List<FieldDiff> diff = IdentityProviderForm.diff(IdentityProviderForm.of(current.provider()), edited);
        if (!confirmed) {
            return confirm(
                    model,
                    "console.idp.confirm.edit",
                    alias,
                    diff,
                    "/admin/identity-providers/" + alias + "/edit",
                    "/admin/identity-providers/" + alias,
                    edited,
                    version);
        }
        try {
            this.administration
                    .update(provider, version, AdminAccountsController.actor(admin))
                    .orElseThrow(IdentityProvidersConsoleController::notFound);
        } catch (OptimisticLockingFailureException ex) {
            return conflict(response, model, alias, existing(alias), edited);
        } catch (InvalidIdentityProviderException ex) {
            return form(model, edited, version, errors(ex.violations(), locale));
        }
        return "redirect:/admin/identity-providers/" + alias + "?done=updated";
    }

    // 412: the fields where what is stored now differs from what this administrator was about to save, so
    // they see what the other administrator's version holds before reloading
    private String conflict(
            HttpServletResponse response,
            Model model,
            String alias,
            VersionedIdentityProvider current,
            IdentityProviderForm edited) {
        response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
        List<FieldDiff> changes =
                IdentityProviderForm.diff(edited, IdentityProviderForm.of(current.provider())).stream()
                        .filter((d) -> !d.label().endsWith(".clientSecret"))
                        .toList();
        model.addAttribute("subject", alias);
        model.addAttribute("changes", changes);
        model.addAttribute("reload", "/admin/identity-providers/" + alias + "/edit");
        model.addAttribute("seenKey", "console.conflict.yours");
        return "admin/console-conflict";
    }

    private String form(Model model, IdentityProviderForm form, Integer version, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "action",
                (version == null)
                        ? "/admin/identity-providers/new"
                        : "/admin/identity-providers/" + form.alias() + "/edit");
        return "admin/identity-providers/form";
    }

    private String confirm(
            Model model,
            String titleKey,
            String subject,
            List<FieldDiff> diff,
            String action,
            String cancel,
            IdentityProviderForm form,
            Integer version) {
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("alias", form.alias());
        hidden.put("displayNameZh", form.displayNameZh());
        hidden.put("displayNameEn", form.displayNameEn());
        hidden.put("regionCode", form.regionCode());
        hidden.put("protocol", form.protocol());
        hidden.put("issuer", form.issuer());
        hidden.put("clientId", form.clientId());
        // the secret rides in the confirm form only as typed (a hidden field, never shown on the page)
        hidden.put("clientSecret", form.clientSecret());
        hidden.put("clientAuthentication", form.clientAuthentication());
        hidden.put("scopes", form.scopes());
        hidden.put("claimMappings", form.claimMappings());
        hidden.put("trustLevel", form.trustLevel());
        hidden.put("enabled", Boolean.toString(form.enabled()));
        hidden.put("shownOnLoginPage", Boolean.toString(form.shownOnLoginPage()));
        hidden.put("order", form.order());
        hidden.put("metadataUrl", form.metadataUrl());
        hidden.put("metadataXml", form.metadataXml());
        if (version != null) {
            hidden.put("version", Integer.toString(version));
        }
        hidden.put("confirmed", "true");
        model.addAttribute("titleKey", titleKey);
        model.addAttribute("subject", subject);
        model.addAttribute("diff", diff);
        model.addAttribute("action", action);
        model.addAttribute("cancel", cancel);
        model.addAttribute("hidden", hidden);
        model.addAttribute("danger", false);
        return "admin/console-confirm";
    }

    // the registry's rules speak English; a zh-CN page shows each field's message from the bundle instead
    private Map<String, String> errors(List<Violation> violations, java.util.Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean english = "en".equals(locale.getLanguage());
        for (Violation violation : violations) {
            String field = formField(violation.field());
            String text = english
                    ? violation.message()
                    : this.messages.getMessage(
                            "console.idp.error." + field,
                            null,
                            this.messages.getMessage("console.idp.error.invalid", null, locale),
                            locale);
            errors.merge(field, text, (a, b) -> english ? a + "; " + b : a);
        }
        return errors;
    }

    // claimMappings.name → claimMappings, saml.metadataUrl → metadataUrl, saml → metadataUrl
    private static String formField(String field) {
        if (field.startsWith("claimMappings")) {
            return "claimMappings";
        }
        if (field.startsWith("scopes")) {
            return "scopes";
        }
        if (field.equals("saml.metadataXml")) {
            return "metadataXml";
        }
        if (field.startsWith("saml")) {
            return "metadataUrl";
        }
        return IdentityProviderForm.FIELDS.contains(field) ? field : "alias";
    }

    private String message(String key, java.util.Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }

    private VersionedIdentityProvider existing(String alias) {
        return this.administration.find(alias).orElseThrow(IdentityProvidersConsoleController::notFound);
    }

    private static IdentityProviderForm withAlias(IdentityProviderForm f, String alias) {
        return new IdentityProviderForm(
                alias,
                f.displayNameZh(),
                f.displayNameEn(),
                f.regionCode(),
                f.protocol(),
                f.issuer(),
                f.clientId(),
                f.clientSecret(),
                f.clientAuthentication(),
                f.scopes(),
                f.claimMappings(),
                f.trustLevel(),
                f.enabled(),
                f.shownOnLoginPage(),
                f.order(),
                f.metadataUrl(),
                f.metadataXml());
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
