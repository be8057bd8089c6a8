package cn.yiwang.id.server.web;

import cn.yiwang.id.federation.oidc.UpstreamAuthorization;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** The sign-in page, aware of the authorization request it interrupts (client name, {@code login_hint}). */
@Controller
public final class LoginController {

    private static final int MAX_HINT = 64;

    private final RequestCache requestCache;
    private final RegisteredClientRepository clients;
    private final LanguageLinks languageLinks;
    private final IdentityProviderRegistry identityProviders;
    private final UpstreamAuthorization upstream;

    public LoginController(
            RequestCache requestCache,
            RegisteredClientRepository clients,
            LanguageLinks languageLinks,
            IdentityProviderRegistry identityProviders,
            UpstreamAuthorization upstream) {
        this.requestCache = requestCache;
        this.clients = clients;
        this.languageLinks = languageLinks;
        this.identityProviders = identityProviders;
        this.upstream = upstream;
    }

    /** A provincial IdP as the login page offers it. */
    public record IdentityProviderButton(String alias, String name, boolean available) {}

    @GetMapping("/login")
    public String login(
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestParam(name = "throttled", required = false) Long throttled,
            Model model,
            Locale locale) {
        model.addAttribute("loginError", request.getParameter("error") != null);
        model.addAttribute("accountUnavailable", request.getParameter("unavailable") != null);
        model.addAttribute("loggedOut", request.getParameter("logout") != null);
        if (throttled != null && throttled > 0 && throttled <= 86_400) {
            model.addAttribute("throttledSeconds", throttled);
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved != null) {
            String clientId = first(saved, "client_id");
            if (clientId != null && clientId.length() <= 100) {
                RegisteredClient client = this.clients.findByClientId(clientId);
                if (client != null) {
                    model.addAttribute("clientName", client.getClientName());
                }
            }
            String hint = first(saved, "login_hint");
            if (hint != null && hint.length() <= MAX_HINT) {
                model.addAttribute("usernameValue", hint);
            }
            String idpHint = first(saved, "idp_hint");
            if (idpHint != null
                    && request.getParameter("idpDown") == null
                    && request.getParameter("idpDenied") == null
                    && this.identityProviders.findEnabled(idpHint).isPresent()
                    && this.upstream.isAvailable(idpHint)) {
                // idp_hint: the client already knows the citizen's province; skip the chooser.
                return "redirect:/federation/" + idpHint + "/start";
            }
        }
        boolean english = "en".equals(locale.getLanguage());
        List<IdentityProviderButton> buttons = this.identityProviders.loginPage().stream()
                .map((idp) -> new IdentityProviderButton(
                        idp.alias(),
                        english ? idp.displayNameEn() : idp.displayNameZh(),
                        this.upstream.isAvailable(idp.alias())))
                .toList();
        model.addAttribute("identityProviders", buttons);
        nameOf(buttons, request.getParameter("idpDown")).ifPresent((name) -> model.addAttribute("idpDown", name));
        nameOf(buttons, request.getParameter("idpDenied")).ifPresent((name) -> model.addAttribute("idpDenied", name));
        this.languageLinks.addTo(request, model);
        return "login";
    }

    @GetMapping("/signed-in")
    public String signedIn(HttpServletRequest request, Model model) {
        this.languageLinks.addTo(request, model);
        return "signed-in";
    }

    @GetMapping("/logged-out")
    public String loggedOut(HttpServletRequest request, Model model) {
        this.languageLinks.addTo(request, model);
        return "logged-out";
    }

    private static java.util.Optional<String> nameOf(List<IdentityProviderButton> buttons, String alias) {
        return buttons.stream()
                .filter((b) -> b.alias().equals(alias))
                .map(IdentityProviderButton::name)
                .findFirst();
    }

    /** The saved request keeps only its URL, so parameters come from its query string. */
    private static String first(SavedRequest saved, String name) {
        List<String> values = UriComponentsBuilder.fromUriString(saved.getRedirectUrl())
                .build()
                .getQueryParams()
                .get(name);
        return (values != null && values.size() == 1 && values.get(0) != null)
                ? UriUtils.decode(values.get(0), StandardCharsets.UTF_8)
                : null;
    }
}
