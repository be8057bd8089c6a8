package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.delegation.Delegation;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page the citizen's approval link opens on their own phone ({@code /delegation/approve/{token}}): who asks
 * (the agent's masked name and region), for which scopes and how long, with approve and refuse. The link's secret
 * came by SMS to the citizen's registered number, works for 15 minutes and once. Also the page an agent sees
 * once acting ({@code /delegation/acting}).
 */
@Controller
public final class DelegationApprovalController {

    private final CommunityDelegation delegation;
    private final LanguageLinks languageLinks;

    public DelegationApprovalController(CommunityDelegation delegation, LanguageLinks languageLinks) {
        this.delegation = delegation;
        this.languageLinks = languageLinks;
    }

    @GetMapping("/delegation/approve/{token}")
    public String show(@PathVariable("token") String token, Model model, HttpServletRequest request) {
        this.languageLinks.addTo(request, model);
        Optional<Delegation> pending = this.delegation.awaiting(token);
        if (pending.isEmpty()) {
            model.addAttribute("outcome", "invalid");
            return "delegation-approve";
        }
        Delegation d = pending.get();
        model.addAttribute("token", token);
        model.addAttribute("agentName", this.delegation.maskedName(d.agentId()));
        model.addAttribute("region", d.region());
        model.addAttribute("scopes", String.join(" ", d.scopes()));
        model.addAttribute("hours", d.duration().toHours());
        return "delegation-approve";
    }

    @PostMapping("/delegation/approve/{token}")
    public String answer(
            @PathVariable("token") String token,
            @RequestParam(name = "decision", required = false) String decision,
            Model model,
            HttpServletRequest request) {
        this.languageLinks.addTo(request, model);
        boolean approve = "approve".equals(decision);
        Optional<Delegation> answered = ("approve".equals(decision) || "refuse".equals(decision))
                ? this.delegation.answer(token, approve)
                : Optional.empty();
        model.addAttribute("outcome", answered.isEmpty() ? "invalid" : (approve ? "approved" : "refused"));
        return "delegation-approve";
    }

    @GetMapping("/delegation/acting")
    public String acting(Model model, HttpServletRequest request) {
        this.languageLinks.addTo(request, model);
        return "delegation-acting";
    }
}
