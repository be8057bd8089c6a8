package cn.yiwang.id.server.delegation;

import cn.yiwang.id.server.account.AccountPages;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The citizen's delegations ({@code /account/delegations}): every community agent they approved (or were asked
 * by), masked, with the scopes, duration and state; one in force or pending can be ended at once, which ends the
 * agent's session for them and every token issued in it.
 */
@Controller
public final class CitizenDelegationsController {

    private final CommunityDelegation delegation;
    private final AccountPages pages;
    private final Clock clock;

    public CitizenDelegationsController(CommunityDelegation delegation, AccountPages pages, Clock clock) {
        this.delegation = delegation;
        this.pages = pages;
        this.clock = clock;
    }

    @GetMapping("/account/delegations")
    public String page(HttpServletRequest request, Model model) {
        model.addAttribute(
                "delegations",
                this.delegation.givenBy(AccountPages.accountId()).stream()
                        .map((d) -> DelegationView.of(d, this.delegation.maskedName(d.agentId()), this.clock.instant()))
                        .toList());
        return this.pages.page("account/delegations", "delegations", model, request);
    }

    @PostMapping("/account/delegations/{id}/end")
    public String end(@PathVariable("id") String id) {
        try {
            if (this.delegation.end(UUID.fromString(id), AccountPages.accountId(), "citizen")) {
                return "redirect:/account/delegations?ended";
            }
        } catch (IllegalArgumentException ex) {
            // not a delegation id: nothing to end
        }
        return "redirect:/account/delegations";
    }
}
