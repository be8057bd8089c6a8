package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.delegation.CommunityAgent;
import cn.yiwang.id.account.delegation.Delegation;
import cn.yiwang.id.server.account.AccountPages;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSecurityContextRepository;
import cn.yiwang.id.server.session.SsoSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The community agent's page ({@code /account/agent}): start an errand for a citizen (办理代办), see the errands
 * and their state, and act for a citizen whose approval is in force.
 */
@Controller
public final class AgentPageController {

    private final CommunityDelegation delegation;
    private final AccountPages pages;
    private final SsoSecurityContextRepository sessions;
    private final Clock clock;

    public AgentPageController(
            CommunityDelegation delegation, AccountPages pages, SsoSecurityContextRepository sessions, Clock clock) {
        this.delegation = delegation;
        this.pages = pages;
        this.sessions = sessions;
        this.clock = clock;
    }

    @GetMapping("/account/agent")
    public String page(HttpServletRequest request, Model model) {
        UUID agentId = AccountPages.accountId();
        Optional<CommunityAgent> agent = this.delegation.agent(agentId);
        model.addAttribute("agent", agent.orElse(null));
        model.addAttribute(
                "delegations",
                agent.isPresent()
                        ? this.delegation.takenBy(agentId).stream()
                                .map((d) -> DelegationView.of(
                                        d, this.delegation.maskedName(d.citizenId()), this.clock.instant()))
                                .toList()
                        : java.util.List.of());
        return this.pages.page("account/agent", "agent", model, request);
    }

    @PostMapping("/account/agent/delegations")
    public String start(
            @RequestParam(name = "citizen", required = false) String citizen,
            @RequestParam(name = "scopes", required = false) String scopes,
            @RequestParam(name = "hours", defaultValue = "0") int hours,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        CommunityDelegation.Started started = this.delegation.start(AccountPages.accountId(), citizen, scopes, hours);
        if (started.refusal() != null) {
            this.pages.error(
                    model,
                    "citizen",
                    "delegation.agent.error." + started.refusal().name().toLowerCase(Locale.ROOT),
                    locale);
            model.addAttribute("citizenValue", citizen);
            model.addAttribute("scopesValue", scopes);
            return page(request, model);
        }
        return "redirect:/account/agent?sent";
    }

    @PostMapping("/account/agent/delegations/{id}/act")
    public String act(@PathVariable("id") String id, HttpServletRequest request, HttpServletResponse response) {
        SsoAuthentication current = AccountPages.citizen();
        SsoSession agentSession = current.getSession();
        Delegation delegation = parse(id)
                .filter((d) -> !agentSession.isActing())
                .flatMap((d) -> this.delegation.actable(UUID.fromString(agentSession.accountId()), d))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        SsoSession acting = this.sessions.startActing(
                agentSession,
                delegation.citizenId().toString(),
                delegation.id().toString(),
                delegation.expiresAt(),
                request,
                response);
        this.delegation.acting(delegation, acting);
        return "redirect:/delegation/acting";
    }

    @PostMapping("/account/agent/delegations/{id}/end")
    public String end(@PathVariable("id") String id) {
        parse(id).ifPresent((d) -> this.delegation.end(d, AccountPages.accountId(), "agent"));
        return "redirect:/account/agent";
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }
}
