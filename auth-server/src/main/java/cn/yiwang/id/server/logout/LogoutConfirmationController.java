package cn.yiwang.id.server.logout;

import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.CurrentSecurityContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "退出登录？" / "Sign out?": asked when a relying party sends the browser to {@code /connect/logout} without an
 * {@code id_token_hint} (or with one naming someone else). Confirming posts the CSRF-protected form to
 * {@code /logout}, which ends the session with the full fan-out and returns to the client's registered
 * post-logout URI when it gave one.
 */
@Controller
public final class LogoutConfirmationController {

    static final String PATH = "/logout";

    private final RegisteredClientRepository clients;

    private final LanguageLinks languageLinks;

    public LogoutConfirmationController(RegisteredClientRepository clients, LanguageLinks languageLinks) {
        this.clients = clients;
        this.languageLinks = languageLinks;
    }

    @GetMapping(PATH)
    public String confirm(
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "post_logout_redirect_uri", required = false) String postLogoutRedirectUri,
            @RequestParam(name = "state", required = false) String state,
            @CurrentSecurityContext(expression = "authentication") Authentication authentication,
            HttpServletRequest request,
            Model model) {
        if (!(authentication instanceof SsoAuthentication)) {
            return "redirect:/logged-out";
        }
        RegisteredClient client = (clientId != null) ? this.clients.findByClientId(clientId) : null;
        boolean registered = client != null
                && postLogoutRedirectUri != null
                && client.getPostLogoutRedirectUris().contains(postLogoutRedirectUri);
        model.addAttribute("clientId", (client != null) ? client.getClientId() : null);
        model.addAttribute("clientName", (client != null) ? client.getClientName() : null);
        model.addAttribute("postLogoutRedirectUri", registered ? postLogoutRedirectUri : null);
        model.addAttribute("state", registered ? state : null);
        this.languageLinks.addTo(request, model);
        return "logout-confirm";
    }

    /** The validated place a confirmed logout goes to, from the confirmation form's fields. */
    public static String confirmedTarget(RegisteredClientRepository clients, HttpServletRequest request) {
        String clientId = request.getParameter("client_id");
        String uri = request.getParameter("post_logout_redirect_uri");
        RegisteredClient client =
                (clientId != null && clientId.length() <= 100) ? clients.findByClientId(clientId) : null;
        boolean registered = client != null
                && uri != null
                && client.getPostLogoutRedirectUris().contains(uri);
        return RpInitiatedLogoutSuccessHandler.target(
                request, registered ? uri : null, registered ? request.getParameter("state") : null);
    }
}
