package cn.yiwang.id.server.account;

import cn.yiwang.id.account.enterprise.ActingRole;
import cn.yiwang.id.account.enterprise.EnterpriseAuthorisations;
import cn.yiwang.id.account.enterprise.EnterpriseRegistration;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.enterprise.EnterpriseChoices;
import cn.yiwang.id.server.session.SsoAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The choice "以个人身份 / 以 XX 公司身份" ({@code /enterprise/choose}) for a relying party that asked for scope
 * {@code enterprise}: the enterprises the citizen may act for now, and, as the enterprise consent (separate
 * from the personal one), what the app will learn about the enterprise. The choice goes back into the saved
 * authorization request as {@value EnterpriseChoices#PARAMETER}; the registry is asked again first when the
 * enterprise's last check is older than 24 hours (sign-in as the enterprise).
 */
@Controller
public final class EnterpriseChooseController {

    private final EnterpriseAuthorisations authorisations;

    private final EnterpriseRegistration registration;

    private final EnterpriseChoices choices;

    private final RegisteredClientRepository clients;

    private final RequestCache requestCache;

    private final AccountPages pages;

    private final AuditLog audit;

    private final Clock clock;

    public EnterpriseChooseController(
            EnterpriseAuthorisations authorisations,
            EnterpriseRegistration registration,
            EnterpriseChoices choices,
            RegisteredClientRepository clients,
            RequestCache requestCache,
            AccountPages pages,
            AuditLog audit,
            Clock clock) {
        this.authorisations = authorisations;
        this.registration = registration;
        this.choices = choices;
        this.clients = clients;
        this.requestCache = requestCache;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/enterprise/choose")
    public String choose(
            @RequestParam(name = "client_id", required = false) String clientId,
            HttpServletRequest request,
            Model model,
            Locale locale) {
        UUID accountId = AccountPages.accountId();
        this.registration.recheckStaleOf(accountId);
        RegisteredClient client =
                (clientId != null && clientId.length() <= 100) ? this.clients.findByClientId(clientId) : null;
        model.addAttribute("clientId", clientId);
        model.addAttribute("clientName", (client != null) ? client.getClientName() : clientId);
        model.addAttribute("roles", this.authorisations.actingRoles(accountId));
        return this.pages.page("enterprise-choose", "enterprises", model, request);
    }

    @PostMapping("/enterprise/choose")
    public void chosen(
            @RequestParam("client_id") String clientId,
            @RequestParam("choice") String choice,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        SsoAuthentication citizen = AccountPages.citizen();
        UUID accountId = AccountPages.accountId();
        List<ActingRole> roles = this.authorisations.actingRoles(accountId);
        boolean allowed = EnterpriseChoices.PERSONAL.equals(choice)
                || roles.stream().anyMatch((role) -> role.uscc().equals(choice));
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (!allowed || saved == null || !saved.getRedirectUrl().contains("/oauth2/authorize")) {
            response.sendRedirect(request.getContextPath() + "/account/enterprises");
            return;
        }
        this.choices.choose(citizen.getSession().sid(), clientId, choice);
        if (!EnterpriseChoices.PERSONAL.equals(choice)) {
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "enterprise.chosen",
                    "user",
                    accountId.toString(),
                    clientId,
                    citizen.getSession().sid(),
                    "success",
                    "signing in to the app as enterprise " + choice));
        }
        this.requestCache.removeRequest(request, response);
        response.sendRedirect(UriComponentsBuilder.fromUriString(saved.getRedirectUrl())
                .replaceQueryParam(EnterpriseChoices.PARAMETER, choice)
                .build(true)
                .toUriString());
    }
}
