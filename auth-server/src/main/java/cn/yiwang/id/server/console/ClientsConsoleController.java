package cn.yiwang.id.server.console;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.api.AdminAccountsController;
import cn.yiwang.id.server.client.ClientAdministration;
import cn.yiwang.id.server.client.ClientDefinition;
import cn.yiwang.id.server.client.ClientSecretsGenerator;
import cn.yiwang.id.server.client.InvalidClientException;
import cn.yiwang.id.server.client.StoredClient;
import cn.yiwang.id.server.permission.AdminPermission;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
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
 * The console's relying parties ({@code /admin/clients}) over the clients registry: list, detail, create and
 * edit through a confirm step with the diff and the version seen (412 page on a concurrent change). A new
 * confidential client's secret is generated and shown once, on the page that answers the creation.
 */
@Controller
@RequestMapping("/admin/clients")
public final class ClientsConsoleController {

    private final ClientAdministration administration;

    private final MessageSource messages;

    public ClientsConsoleController(ClientAdministration administration, MessageSource messages) {
        this.administration = administration;
        this.messages = messages;
    }

    /** Which console section these pages are, for the navigation of the shared confirm and conflict pages. */
    @ModelAttribute("section")
    public String section() {
        return "clients";
    }

    @GetMapping
    public String list(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_READ);
        model.addAttribute("clients", this.administration.findAll());
        return "admin/clients/list";
    }

    @GetMapping("/{clientId}")
    public String detail(
            @PathVariable String clientId,
            @RequestParam(required = false) String done,
            Authentication admin,
            Model model) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_READ);
        return detailPage(model, existing(clientId), "updated".equals(done) ? "console.clients.done.updated" : null);
    }

    @GetMapping("/new")
    public String createForm(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_WRITE);
        return form(model, ClientForm.blank(), null, Map.of());
    }

    @PostMapping("/new")
    public String create(
            @ModelAttribute ClientForm form,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication admin,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_WRITE);
        ClientDefinition definition = form.toDefinition(null);
        String secret = null;
        if (definition.tokenEndpointAuthMethod() == null
                || ClientDefinition.SECRET_METHODS.contains(definition.tokenEndpointAuthMethod())) {
            secret = ClientSecretsGenerator.generate();
            definition = definition.withClientSecret(ClientSecretsGenerator.hash(secret));
        }
        Map<String, String> errors = errors(this.administration.validate(definition), locale);
        if (definition.clientId() != null
                && this.administration.find(definition.clientId()).isPresent()) {
            errors.put("clientId", message("console.clients.error.taken", locale));
        }
        if (!errors.isEmpty()) {
            return form(model, form, null, errors);
        }
        if (!confirmed) {
            return confirm(
                    model,
                    "console.clients.confirm.create",
                    form,
                    null,
                    ClientForm.diff(null, form),
                    "/admin/clients/new",
                    "/admin/clients");
        }
        StoredClient stored;
        try {
            stored = this.administration
                    .save(definition, null, AdminAccountsController.actor(admin), "admin")
                    .stored();
        } catch (InvalidClientException ex) {
            return form(model, form, null, errors(ex.violations(), locale));
        }
        // the secret is in this answer only: never cached, never shown again
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("secret", secret);
        return detailPage(model, stored, "console.clients.done.created");
    }

    @GetMapping("/{clientId}/edit")
    public String editForm(@PathVariable String clientId, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_WRITE);
        StoredClient stored = existing(clientId);
        return form(model, ClientForm.of(ClientAdministration.definitionOf(stored)), stored.version(), Map.of());
    }

    @PostMapping("/{clientId}/edit")
    public String edit(
            @PathVariable String clientId,
            @ModelAttribute ClientForm form,
            @RequestParam int version,
            @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication admin,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        ConsolePermissions.require(admin, AdminPermission.CLIENTS_WRITE);
        StoredClient current = existing(clientId);
        ClientForm edited = withClientId(form, clientId);
        ClientDefinition stored = ClientAdministration.definitionOf(current);
        if (current.version() != version) {
            return conflict(response, model, clientId, edited, ClientForm.of(stored));
        }
        ClientDefinition definition = edited.toDefinition(stored);
        Map<String, String> errors = errors(this.administration.validate(definition), locale);
        if (!errors.isEmpty()) {
            return form(model, edited, version, errors);
        }
        if (!confirmed) {
            return confirm(
                    model,
                    "console.clients.confirm.edit",
                    edited,
                    version,
                    ClientForm.diff(ClientForm.of(stored), edited),
                    "/admin/clients/" + clientId + "/edit",
                    "/admin/clients/" + clientId);
        }
        try {
            this.administration.save(definition, version, AdminAccountsController.actor(admin), "admin");
        } catch (OptimisticLockingFailureException ex) {
            return conflict(
                    response,
                    model,
                    clientId,
                    edited,
                    ClientForm.of(ClientAdministration.definitionOf(existing(clientId))));
        } catch (InvalidClientException ex) {
            return form(model, edited, version, errors(ex.violations(), locale));
        }
        return "redirect:/admin/clients/" + clientId + "?done=updated";
    }

    private String detailPage(Model model, StoredClient stored, String doneKey) {
        model.addAttribute("stored", stored);
        model.addAttribute("form", ClientForm.of(ClientAdministration.definitionOf(stored)));
        model.addAttribute("doneKey", doneKey);
        return "admin/clients/detail";
    }

    private String conflict(
            HttpServletResponse response, Model model, String clientId, ClientForm yours, ClientForm now) {
        response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
        model.addAttribute("subject", clientId);
        model.addAttribute("changes", ClientForm.diff(yours, now));
        model.addAttribute("reload", "/admin/clients/" + clientId + "/edit");
        model.addAttribute("seenKey", "console.conflict.yours");
        return "admin/console-conflict";
    }

    private String form(Model model, ClientForm form, Integer version, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("version", version);
        model.addAttribute("errors", errors);
        model.addAttribute(
                "action", (version == null) ? "/admin/clients/new" : "/admin/clients/" + form.clientId() + "/edit");
        return "admin/clients/form";
    }

    private String confirm(
            Model model,
            String titleKey,
            ClientForm form,
            Integer version,
            List<FieldDiff> diff,
            String action,
            String cancel) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String field : ClientForm.FIELDS) {
            hidden.put(field, raw(form, field));
        }
        if (version != null) {
            hidden.put("version", Integer.toString(version));
        }
        hidden.put("confirmed", "true");
        model.addAttribute("titleKey", titleKey);
        model.addAttribute("subject", form.clientId());
        model.addAttribute("diff", diff);
        model.addAttribute("action", action);
        model.addAttribute("cancel", cancel);
        model.addAttribute("hidden", hidden);
        model.addAttribute("danger", false);
        return "admin/console-confirm";
    }

    private static String raw(ClientForm form, String field) {
        return switch (field) {
            case "redirectUris" -> form.redirectUris();
            case "postLogoutRedirectUris" -> form.postLogoutRedirectUris();
            default -> form.shown(field);
        };
    }

    // the registry's rules speak English; a zh-CN page shows each field's message from the bundle instead
    private Map<String, String> errors(List<Violation> violations, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean english = "en".equals(locale.getLanguage());
        for (Violation violation : violations) {
            String field = ClientForm.FIELDS.stream()
                    .filter((f) -> violation.field().startsWith(f))
                    .findFirst()
                    .orElse("clientId");
            String text = english
                    ? violation.message()
                    : this.messages.getMessage(
                            "console.clients.error." + field,
                            null,
                            this.messages.getMessage("console.idp.error.invalid", null, locale),
                            locale);
            errors.merge(field, text, (a, b) -> english ? a + "; " + b : a);
        }
        return errors;
    }

    private String message(String key, Locale locale) {
        return this.messages.getMessage(key, null, locale);
    }

    private StoredClient existing(String clientId) {
        return this.administration.find(clientId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static ClientForm withClientId(ClientForm f, String clientId) {
        return new ClientForm(
                clientId,
                f.clientName(),
                f.redirectUris(),
                f.postLogoutRedirectUris(),
                f.grantTypes(),
                f.scopes(),
                f.tokenEndpointAuthMethod(),
                f.minimumAcr(),
                f.requirePkce(),
                f.requireConsent(),
                f.enabled());
    }
}
