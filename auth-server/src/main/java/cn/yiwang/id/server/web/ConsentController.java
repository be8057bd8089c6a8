package cn.yiwang.id.server.web;

import cn.yiwang.id.account.AccountRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The consent page Spring Authorization Server sends the user to when a client needs approval. */
@Controller
public final class ConsentController {

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;
    private final AccountRepository accounts;
    private final MessageSource messages;
    private final LanguageLinks languageLinks;

    public ConsentController(
            RegisteredClientRepository clients,
            OAuth2AuthorizationConsentService consents,
            AccountRepository accounts,
            MessageSource messages,
            LanguageLinks languageLinks) {
        this.clients = clients;
        this.consents = consents;
        this.accounts = accounts;
        this.messages = messages;
        this.languageLinks = languageLinks;
    }

    /** One scope as the page shows it. */
    public record ScopeItem(String scope, String description) {}

    @GetMapping("/oauth2/consent")
    public String consent(
            Principal principal,
            Model model,
            HttpServletRequest request,
            Locale locale,
            @RequestParam(name = "client_id") String clientId,
            @RequestParam(name = "scope") String scope,
            @RequestParam(name = "state") String state) {
        RegisteredClient client = this.clients.findByClientId(clientId);
        if (client == null) {
            model.addAttribute("status", 400);
            model.addAttribute("errorCode", "invalid_request");
            this.languageLinks.addTo(request, model);
            return "error";
        }
        OAuth2AuthorizationConsent existing = this.consents.findById(client.getId(), principal.getName());
        Set<String> approved = (existing != null) ? existing.getScopes() : Set.of();
        List<ScopeItem> toApprove = new ArrayList<>();
        List<ScopeItem> alreadyApproved = new ArrayList<>();
        for (String requested : new LinkedHashSet<>(Arrays.asList(scope.split(" ")))) {
            if (requested.isBlank() || OidcScopes.OPENID.equals(requested)) {
                continue;
            }
            ScopeItem item = new ScopeItem(requested, describe(requested, locale));
            (approved.contains(requested) ? alreadyApproved : toApprove).add(item);
        }
        model.addAttribute("clientId", client.getClientId());
        model.addAttribute("clientName", client.getClientName());
        model.addAttribute("state", state);
        model.addAttribute("scopes", toApprove);
        model.addAttribute("previouslyApprovedScopes", alreadyApproved);
        model.addAttribute("principalName", displayName(principal.getName()));
        model.addAttribute("authorizeUri", request.getContextPath() + "/oauth2/authorize");
        this.languageLinks.addTo(request, model);
        return "consent";
    }

    private String describe(String scope, Locale locale) {
        return this.messages.getMessage("scope." + scope, null, scope, locale);
    }

    private String displayName(String accountId) {
        try {
            return this.accounts
                    .findById(java.util.UUID.fromString(accountId))
                    .map((a) -> (a.username() != null) ? a.username() : a.phoneMasked())
                    .orElse("");
        } catch (IllegalArgumentException ex) {
            return "";
        }
    }
}
