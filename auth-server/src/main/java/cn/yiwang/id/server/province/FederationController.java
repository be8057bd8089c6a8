package cn.yiwang.id.server.province;

import cn.yiwang.id.account.password.LoginOutcome;
import cn.yiwang.id.account.password.PasswordAuthenticator;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.signin.FederatedSignIn;
import cn.yiwang.id.federation.signin.FederatedSignInResult;
import cn.yiwang.id.federation.signin.UpstreamLogouts;
import cn.yiwang.id.federation.signin.UpstreamStart;
import cn.yiwang.id.server.YiwangServerProperties;
import cn.yiwang.id.server.web.ErrorPages;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in through a provincial identity provider, the HTTP side: start (send the browser where the
 * federation's {@link FederatedSignIn} says: OIDC authorization request or SAML AuthnRequest), the
 * OIDC callback (the federation validates, links and decides the level; {@link FederatedSignInHandler}
 * answers the browser), and the first-login step that links an upstream identity to an existing
 * account once the citizen proved its password. The SAML response comes back to
 * {@link SamlAssertionConsumerController}.
 */
@Controller
public final class FederationController {

    private final FederatedSignIn federatedSignIn;
    private final FederatedSignInHandler handler;
    private final IdentityProviderRegistry registry;
    private final PasswordAuthenticator passwords;
    private final RequestCache requestCache;
    private final LanguageLinks languageLinks;
    private final YiwangServerProperties server;
    private final UpstreamLogoutRedirect logoutRedirect;

    public FederationController(
            FederatedSignIn federatedSignIn,
            FederatedSignInHandler handler,
            IdentityProviderRegistry registry,
            PasswordAuthenticator passwords,
            RequestCache requestCache,
            LanguageLinks languageLinks,
            YiwangServerProperties server,
            UpstreamLogoutRedirect logoutRedirect) {
        this.federatedSignIn = federatedSignIn;
        this.handler = handler;
        this.registry = registry;
        this.passwords = passwords;
        this.requestCache = requestCache;
        this.languageLinks = languageLinks;
        this.server = server;
        this.logoutRedirect = logoutRedirect;
    }

    @GetMapping("/federation/{alias}/start")
    public String start(@PathVariable String alias, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        // a SAML response comes back as a cross-site POST, which carries no SameSite cookie: the federation
        // remembers where the sign-in ends while the saved authorization request can still be read here
        SavedRequest saved = this.requestCache.getRequest(request, response);
        UpstreamStart start = this.federatedSignIn.start(
                alias, this.server.issuerString(), (saved != null) ? saved.getRedirectUrl() : null);
        if (start instanceof UpstreamStart.UnknownProvider) {
            ErrorPages.forward(request, response, HttpStatus.NOT_FOUND, "unknown_identity_provider", null);
        } else if (start instanceof UpstreamStart.Unavailable) {
            response.sendRedirect(request.getContextPath() + "/login?idpDown=" + alias);
        } else if (start instanceof UpstreamStart.Redirect redirect) {
            response.sendRedirect(redirect.uri().toString());
        } else if (start instanceof UpstreamStart.PostForm form) {
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(form.html());
        }
        return null;
    }

    @GetMapping("/federation/{alias}/callback")
    public String callback(
            @PathVariable String alias,
            @RequestParam Map<String, String> parameters,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        this.handler.respond(
                this.federatedSignIn.completeOidc(alias, parameters, this.server.issuerString()), request, response);
        return null;
    }

    @GetMapping(UpstreamLogouts.LOGGED_OUT_PATH)
    public String afterUpstreamLogout(@RequestParam(name = "state", required = false) String stateKey) {
        return "redirect:" + this.logoutRedirect.finalTarget(stateKey);
    }

    @GetMapping("/federation/link")
    public String linkPage(HttpServletRequest request, Model model) {
        Optional<String> idp = this.handler.linkKey(request).flatMap(this.federatedSignIn::pendingLink);
        if (idp.isEmpty()) {
            return "redirect:/login";
        }
        return linkView(idp.get(), false, model, request);
    }

    @PostMapping("/federation/link")
    public String link(
            @RequestParam("username") String username,
            @RequestParam("password") String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException {
        Optional<String> key = this.handler.linkKey(request);
        Optional<String> idp = key.flatMap(this.federatedSignIn::pendingLink);
        if (idp.isEmpty() || !key.map(this.federatedSignIn::isLinkPending).orElse(false)) {
            return "redirect:/login";
        }
        LoginOutcome outcome = this.passwords.authenticate(username, password);
        if (!(outcome instanceof LoginOutcome.Succeeded succeeded)) {
            return linkView(idp.get(), true, model, request);
        }
        Optional<FederatedSignInResult.SignIn> signedIn =
                this.federatedSignIn.confirmLink(key.get(), succeeded.account().id());
        if (signedIn.isEmpty()) {
            return "redirect:/login";
        }
        this.handler.record(
                "federation.linked",
                signedIn.get().accountId().toString(),
                idp.get(),
                signedIn.get().detail());
        this.handler.signIn(signedIn.get(), request, response);
        return null;
    }

    private String linkView(String alias, boolean error, Model model, HttpServletRequest request) {
        IdentityProvider idp = this.registry.findEnabled(alias).orElse(null);
        boolean english = Locale.ENGLISH
                .getLanguage()
                .equals(LocaleContextHolder.getLocale().getLanguage());
        model.addAttribute("idpName", (idp == null) ? alias : english ? idp.displayNameEn() : idp.displayNameZh());
        model.addAttribute("loginError", error);
        this.languageLinks.addTo(request, model);
        return "federation-link";
    }
}
