package cn.yiwang.id.server.console;

import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.search.AccountMatch;
import cn.yiwang.id.account.search.AccountQuery;
import cn.yiwang.id.account.search.AccountSearch.StatusChange;
import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.server.api.AccountAdministration;
import cn.yiwang.id.server.api.AdminAccountsController;
import cn.yiwang.id.server.permission.AdminPermission;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * The console's accounts pages ({@code /admin/accounts}): search by user name, phone or ID number (posted, so
 * that a number never sits in a URL, a history or an access log; found through the blind index, shown
 * masked), the account with its level, links and sessions, and lock, unlock and end sessions, each through a
 * confirm step that shows the change and carries the version seen, so that a concurrent change gets the 412
 * page instead of being overwritten.
 */
@Controller
@RequestMapping("/admin/accounts")
public final class AccountsConsoleController {

    private static final Set<String> SEARCH_BY = Set.of("username", "phone", "idNumber");

    private static final Set<String> ACTIONS = Set.of("lock", "unlock", "end-sessions");

    private final AccountAdministration accounts;

    public AccountsConsoleController(AccountAdministration accounts) {
        this.accounts = accounts;
    }

    /** Which console section these pages are, for the navigation of the shared confirm and conflict pages. */
    @ModelAttribute("section")
    public String section() {
        return "accounts";
    }

    @GetMapping
    public String searchForm(Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.ACCOUNTS_READ);
        model.addAttribute("by", "username");
        return "admin/accounts/search";
    }

    @PostMapping("/search")
    public String search(
            @RequestParam(defaultValue = "username") String by,
            @RequestParam(defaultValue = "") String q,
            Authentication admin,
            Model model) {
        ConsolePermissions.require(admin, AdminPermission.ACCOUNTS_READ);
        String field = SEARCH_BY.contains(by) ? by : "username";
        model.addAttribute("by", field);
        // keep what was typed, except a full ID or phone number, which is not echoed back into the page
        model.addAttribute("q", field.equals("username") ? q : "");
        AccountQuery query = new AccountQuery(
                field.equals("username") ? q : null,
                field.equals("phone") ? q : null,
                field.equals("idNumber") ? q : null);
        List<Violation> violations = query.violations();
        if (!violations.isEmpty()) {
            String key = violations.get(0).field().equals("query") ? "empty" : field;
            model.addAttribute("error_q", "console.accounts.search.error." + key);
            return "admin/accounts/search";
        }
        model.addAttribute("results", this.accounts.search(query));
        return "admin/accounts/search";
    }

    @GetMapping("/{id}")
    public String detail(
            @PathVariable String id, @RequestParam(required = false) String done, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.ACCOUNTS_READ);
        AccountAdministration.AccountDetail detail =
                this.accounts.detail(accountId(id)).orElseThrow(AccountsConsoleController::notFound);
        model.addAttribute("detail", detail);
        model.addAttribute("account", detail.account());
        if (done != null && ACTIONS.contains(done)) {
            model.addAttribute("doneKey", "console.accounts.done." + done);
        }
        return "admin/accounts/detail";
    }

    @GetMapping("/{id}/{action}")
    public String confirm(@PathVariable String id, @PathVariable String action, Authentication admin, Model model) {
        ConsolePermissions.require(admin, AdminPermission.ACCOUNTS_WRITE);
        requireAction(action);
        AccountAdministration.AccountDetail detail =
                this.accounts.detail(accountId(id)).orElseThrow(AccountsConsoleController::notFound);
        AccountMatch account = detail.account();
        model.addAttribute("titleKey", "console.accounts.confirm." + action);
        model.addAttribute("subject", label(account));
        model.addAttribute("diff", diff(action, account, detail.sessions().size()));
        model.addAttribute("action", "/admin/accounts/" + account.id() + "/" + action);
        model.addAttribute("cancel", "/admin/accounts/" + account.id());
        model.addAttribute(
                "hidden",
                Map.of(
                        "version",
                        account.version(),
                        "seenStatus",
                        account.status().name()));
        model.addAttribute("danger", !action.equals("unlock"));
        return "admin/console-confirm";
    }

    @PostMapping("/{id}/{action}")
    public String apply(
            @PathVariable String id,
            @PathVariable String action,
            @RequestParam String version,
            @RequestParam(required = false) String seenStatus,
            Authentication admin,
            HttpServletResponse response,
            Model model) {
        ConsolePermissions.require(admin, AdminPermission.ACCOUNTS_WRITE);
        requireAction(action);
        UUID accountId = accountId(id);
        String actor = AdminAccountsController.actor(admin);
        if (action.equals("end-sessions")) {
            // ending sessions changes no account field, so there is no version to race against
            this.accounts.find(accountId).orElseThrow(AccountsConsoleController::notFound);
            this.accounts.endSessions(accountId, actor);
            return "redirect:/admin/accounts/" + accountId + "?done=" + action;
        }
        StatusChange change = action.equals("lock")
                ? this.accounts.lock(accountId, version, actor)
                : this.accounts.unlock(accountId, version, actor);
        if (change instanceof StatusChange.Gone) {
            throw notFound();
        }
        if (change instanceof StatusChange.Stale stale) {
            response.setStatus(HttpStatus.PRECONDITION_FAILED.value());
            AccountMatch now = stale.now();
            model.addAttribute("subject", label(now));
            model.addAttribute(
                    "changes",
                    List.of(new FieldDiff(
                            "console.accounts.field.status",
                            statusKey(seenStatus),
                            statusKey(now.status().name()))));
            model.addAttribute("reload", "/admin/accounts/" + now.id());
            return "admin/console-conflict";
        }
        return "redirect:/admin/accounts/" + accountId + "?done=" + action;
    }

    private static List<FieldDiff> diff(String action, AccountMatch account, int sessions) {
        String status = statusKey(account.status().name());
        return switch (action) {
            case "lock" ->
                List.of(
                        new FieldDiff("console.accounts.field.status", status, statusKey(AccountStatus.LOCKED.name())),
                        new FieldDiff("console.accounts.field.sessions", Integer.toString(sessions), "0"));
            case "unlock" ->
                List.of(new FieldDiff("console.accounts.field.status", status, statusKey(AccountStatus.ACTIVE.name())));
            default -> List.of(new FieldDiff("console.accounts.field.sessions", Integer.toString(sessions), "0"));
        };
    }

    // a message key, resolved by the page; anything unexpected shows as the unknown status
    private static String statusKey(String status) {
        return "console.accounts.status."
                + (Optional.ofNullable(status)
                        .filter((s) -> Set.of("ACTIVE", "LOCKED", "DISABLED").contains(s))
                        .orElse("UNKNOWN"));
    }

    private static String label(AccountMatch account) {
        return (account.username() != null) ? account.username() : account.phoneMasked();
    }

    private static void requireAction(String action) {
        if (!ACTIONS.contains(action)) {
            throw notFound();
        }
    }

    private static UUID accountId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw notFound();
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
