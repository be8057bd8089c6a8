package cn.yiwang.id.server.console;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.admin.Administrator;
import cn.yiwang.id.server.admin.AdministratorAdministration;
import cn.yiwang.id.server.admin.AdministratorAdministration.Change;
import cn.yiwang.id.server.admin.AdministratorAdministration.NewAdministrator;
import cn.yiwang.id.server.admin.InvalidAdministratorException;
import cn.yiwang.id.server.admin.StaleAdministratorException;
import cn.yiwang.id.server.permission.AdminRole;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's administrators pages ({@code /admin/administrators}, security administrators change, the audit
 * administrator reads): the list with a form to add one, and each administrator's page to change display name,
 * role and access. Every change is shown for confirmation with what it changes, saved against the version that
 * was read (a second save gets the 412 page with what changed meanwhile), and audited with the administrator's
 * name. Nobody changes their own role or access.
 */
@Controller
public final class AdministratorsPageController {

    private final AdministratorAdministration administration;

    private final MessageSource messages;

    public AdministratorsPageController(AdministratorAdministration administration, MessageSource messages) {
        this.administration = administration;
        this.messages = messages;
    }

    @GetMapping("/admin/administrators")
    public String list(Model model) {
        return listPage(model);
    }

    @PostMapping("/admin/administrators")
    public String create(
            @RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "displayName", required = false) String displayName,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "password", required = false) String password,
            @RequestParam(name = "confirm", required = false) String confirm,
            Model model,
            Locale locale) {
        NewAdministrator request = new NewAdministrator(trim(username), displayName, role, password);
        model.addAttribute("newUsername", request.username());
        model.addAttribute("newDisplayName", displayName);
        model.addAttribute("newRole", role);
        List<Violation> violations = this.administration.check(request);
        if (!violations.isEmpty()) {
            errors(violations, model, locale);
            return listPage(model);
        }
        if (!"yes".equals(confirm)) {
            model.addAttribute("mode", "create");
            model.addAttribute("newPassword", password);
            model.addAttribute(
                    "changes",
                    List.of(
                            new FieldChange("username", null, request.username()),
                            new FieldChange("displayName", null, displayName.strip()),
                            new FieldChange("role", null, roleName(role, locale))));
            return "admin/administrator-confirm";
        }
        try {
            Administrator created = this.administration.create(request, actor());
            return "redirect:/admin/administrators/" + created.username() + "?created";
        } catch (InvalidAdministratorException ex) {
            errors(ex.violations(), model, locale);
            return listPage(model);
        }
    }

    @GetMapping("/admin/administrators/{username}")
    public String detail(@PathVariable String username, Model model, HttpServletResponse response) {
        Optional<Administrator> administrator = this.administration.find(username);
        if (administrator.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "redirect:/admin/administrators";
        }
        return detailPage(administrator.get(), model);
    }

    @PostMapping("/admin/administrators/{username}")
    public String update(
            @PathVariable String username,
            @RequestParam(name = "displayName", required = false) String displayName,
            @RequestParam(name = "role", required = false) String role,
            @RequestParam(name = "enabled", required = false) String enabled,
            @RequestParam(name = "version", required = false) Integer version,
            @RequestParam(name = "confirm", required = false) String confirm,
            Model model,
            HttpServletResponse response,
            Locale locale) {
        Optional<Administrator> found = this.administration.find(username);
        if (found.isEmpty()) {
            return "redirect:/admin/administrators";
        }
        Administrator current = found.get();
        Change change = new Change(displayName, role, "true".equals(enabled));
        model.addAttribute("editDisplayName", displayName);
        model.addAttribute("editRole", role);
        model.addAttribute("editEnabled", change.enabled());
        model.addAttribute("editVersion", version);
        List<Violation> violations = this.administration.check(current, change, actingUsername());
        if (!violations.isEmpty()) {
            errors(violations, model, locale);
            return detailPage(current, model);
        }
        if (version == null || version != current.version()) {
            return stale(current, change, model, response, locale);
        }
        if (!"yes".equals(confirm)) {
            model.addAttribute("mode", "update");
            model.addAttribute("subject", current);
            model.addAttribute("changes", changes(current, change, locale));
            return "admin/administrator-confirm";
        }
        try {
            this.administration.update(username, change, version, actor(), actingUsername());
            return "redirect:/admin/administrators/" + username + "?saved";
        } catch (StaleAdministratorException ex) {
            return stale(ex.current(), change, model, response, locale);
        } catch (InvalidAdministratorException ex) {
            errors(ex.violations(), model, locale);
            return detailPage(current, model);
        }
    }

    /**
     * One line of a change: the field, its value before (null when new) and after.
     *
     * @param field the field's name in the API (and the message key's last part)
     * @param before the value before, as shown
     * @param after the value after, as shown
     */
    public record FieldChange(String field, String before, String after) {

        public boolean changed() {
            return before == null || !before.equals(after);
        }
    }

    // 412: the administrator was changed by someone else since the form was read
    private String stale(
            Administrator current, Change change, Model model, HttpServletResponse response, Locale locale) {
        response.setStatus(HttpServletResponse.SC_PRECONDITION_FAILED);
        model.addAttribute("subject", current);
        model.addAttribute("changes", changes(current, change, locale));
        return "admin/administrator-stale";
    }

    private List<FieldChange> changes(Administrator current, Change change, Locale locale) {
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange(
                "displayName",
                current.displayName(),
                (change.displayName() != null) ? change.displayName().strip() : ""));
        changes.add(new FieldChange("role", roleName(current.role().name(), locale), roleName(change.role(), locale)));
        changes.add(new FieldChange(
                "enabled", yesNo(current.enabled(), locale), yesNo(Boolean.TRUE.equals(change.enabled()), locale)));
        return changes;
    }

    private String listPage(Model model) {
        model.addAttribute("administrators", this.administration.findAll());
        model.addAttribute("roles", AdminRole.values());
        model.addAttribute("me", actingUsername());
        return "admin/administrators";
    }

    private String detailPage(Administrator administrator, Model model) {
        model.addAttribute("subject", administrator);
        model.addAttribute("roles", AdminRole.values());
        model.addAttribute("self", administrator.username().equals(actingUsername()));
        if (!model.containsAttribute("editDisplayName")) {
            model.addAttribute("editDisplayName", administrator.displayName());
            model.addAttribute("editRole", administrator.role().name());
            model.addAttribute("editEnabled", administrator.enabled());
            model.addAttribute("editVersion", administrator.version());
        }
        return "admin/administrator";
    }

    // the message beside each field, in the page's language
    private void errors(List<Violation> violations, Model model, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Violation violation : violations) {
            String kind = violation.message().startsWith("you cannot")
                    ? ".self"
                    : violation.message().startsWith("is taken") ? ".taken" : "";
            errors.putIfAbsent(
                    violation.field(),
                    this.messages.getMessage("admin.administrators.error." + violation.field() + kind, null, locale));
        }
        errors.forEach((field, message) -> model.addAttribute("error_" + field, message));
        model.addAttribute("hasErrors", true);
    }

    private String roleName(String role, Locale locale) {
        return this.messages.getMessage("admin.role." + role, null, role, locale);
    }

    private String yesNo(boolean value, Locale locale) {
        return this.messages.getMessage(
                value ? "admin.administrators.enabled.yes" : "admin.administrators.enabled.no", null, locale);
    }

    private static String trim(String value) {
        return (value != null) ? value.strip() : null;
    }

    private static String actingUsername() {
        return ConsoleModel.administrator().getName();
    }

    private static String actor() {
        return "admin:" + actingUsername();
    }
}
