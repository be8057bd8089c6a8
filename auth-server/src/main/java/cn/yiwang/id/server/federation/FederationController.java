package cn.yiwang.id.server.federation;

import cn.yiwang.id.account.password.LoginOutcome;
import cn.yiwang.id.account.password.PasswordAuthenticator;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.UpstreamIdentity;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.LinkOutcome;
import cn.yiwang.id.federation.oidc.PendingUpstreamLogin;
import cn.yiwang.id.federation.oidc.UpstreamAuthorization;
import cn.yiwang.id.federation.oidc.UpstreamAuthorizationRequest;
import cn.yiwang.id.federation.oidc.UpstreamCallback;
import cn.yiwang.id.federation.oidc.UpstreamResult;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.federation.registry.IdentityProviderRegistry;
import cn.yiwang.id.federation.saml.SamlAuthnRequest;
import cn.yiwang.id.federation.saml.SamlAuthnRequests;
import cn.yiwang.id.federation.saml.SamlServiceProvider;
import cn.yiwang.id.server.config.YiwangServerProperties;
import cn.yiwang.id.server.web.ErrorPages;
import cn.yiwang.id.server.web.LanguageLinks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * Sign-in through a provincial identity provider: start (send the browser upstream: OIDC with
 * state, nonce and PKCE, or a signed SAML AuthnRequest), the OIDC callback (validate, then
 * {@link FederatedSignIn}: link, sign in with {@code amr} {@code fed} and the capped level), and the
 * first-login step that links an upstream identity to an existing account. The SAML response comes
 * back to {@link SamlAssertionConsumerController}.
 */
@Controller
public final class FederationController {

    /** Where a SAML sign-in should end once signed in, keyed by its relay state. */
    static final String SAML_RETURN = "saml-return";

    /** The pending SAML login, keyed by its relay state. */
    static final String SAML_PENDING = "saml-pending";

    private final IdentityProviderRegistry registry;
    private final UpstreamAuthorization authorization;
    private final UpstreamCallback callback;
    private final SamlAuthnRequests samlRequests;
    private final AccountLinking linking;
    private final FederationStateStore state;
    private final FederatedSignIn federatedSignIn;
    private final PasswordAuthenticator passwords;
    private final RealNameRegistry realNames;
    private final RequestCache requestCache;
    private final LanguageLinks languageLinks;
    private final YiwangServerProperties server;
    private final UpstreamLogoutRedirect logoutRedirect;

    public FederationController(
            IdentityProviderRegistry registry,
            UpstreamAuthorization authorization,
            UpstreamCallback callback,
            SamlAuthnRequests samlRequests,
            AccountLinking linking,
            FederationStateStore state,
            FederatedSignIn federatedSignIn,
            PasswordAuthenticator passwords,
            RealNameRegistry realNames,
            RequestCache requestCache,
            LanguageLinks languageLinks,
            YiwangServerProperties server,
            UpstreamLogoutRedirect logoutRedirect) {
        this.registry = registry;
        this.authorization = authorization;
        this.callback = callback;
        this.samlRequests = samlRequests;
        this.linking = linking;
        this.state = state;
        this.federatedSignIn = federatedSignIn;
        this.passwords = passwords;
        this.realNames = realNames;
        this.requestCache = requestCache;
        this.languageLinks = languageLinks;
        this.server = server;
        this.logoutRedirect = logoutRedirect;
    }

    @GetMapping("/federation/{alias}/start")
    public String start(@PathVariable String alias, HttpServletRequest request, HttpServletResponse response)
            throws IOException, jakarta.servlet.ServletException {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        if (idp.isEmpty()) {
            ErrorPages.forward(request, response, HttpStatus.NOT_FOUND, "unknown_identity_provider", null);
            return null;
        }
        if (idp.get().protocol() == IdentityProvider.Protocol.SAML) {
            startSaml(idp.get(), request, response);
            return null;
        }
        UpstreamAuthorizationRequest upstream;
        try {
            upstream = this.authorization.begin(idp.get(), callbackUri(alias));
        } catch (UpstreamUnavailableException | IllegalStateException ex) {
            response.sendRedirect(request.getContextPath() + "/login?idpDown=" + alias);
            return null;
        }
        this.state.put("pending", upstream.pending().state(), upstream.pending().toJson());
        response.sendRedirect(upstream.authorizationUri().toString());
        return null;
    }

    private void startSaml(IdentityProvider idp, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SamlAuthnRequest upstream;
        try {
            upstream = this.samlRequests.begin(idp, SamlServiceProvider.forIssuer(this.server.issuerString()));
        } catch (UpstreamUnavailableException | IllegalStateException ex) {
            response.sendRedirect(request.getContextPath() + "/login?idpDown=" + idp.alias());
            return;
        }
        String relayState = upstream.pending().relayState();
        this.state.put(SAML_PENDING, relayState, upstream.pending().toJson());
        // the response comes back as a cross-site POST, which carries no SameSite cookie: remember
        // here, where the saved authorization request can still be read, where the sign-in ends
        SavedRequest saved = this.requestCache.getRequest(request, response);
        if (saved != null) {
            this.state.put(SAML_RETURN, relayState, saved.getRedirectUrl());
        }
        if (upstream.isRedirect()) {
            response.sendRedirect(upstream.redirectUri().toString());
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(upstream.postForm());
    }

    @GetMapping("/federation/{alias}/callback")
    public String callback(
            @PathVariable String alias,
            @RequestParam Map<String, String> parameters,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException, jakarta.servlet.ServletException {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        Optional<PendingUpstreamLogin> pending =
                this.state.take("pending", parameters.get("state")).map(PendingUpstreamLogin::fromJson);
        if (idp.isEmpty() || pending.isEmpty()) {
            ErrorPages.forward(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "federation_state_unknown",
                    "This sign-in is unknown or has expired; please start again.");
            return null;
        }
        UpstreamResult result = this.callback.complete(idp.get(), pending.get(), parameters, callbackUri(alias));
        this.federatedSignIn.complete(idp.get(), result, null, request, response);
        return null;
    }

    @GetMapping("/federation/logged-out")
    public String afterUpstreamLogout(@RequestParam(name = "state", required = false) String stateKey) {
        return "redirect:" + this.logoutRedirect.finalTarget(stateKey);
    }

    @GetMapping("/federation/link")
    public String linkPage(HttpServletRequest request, Model model) {
        Optional<UpstreamIdentity> identity = this.federatedSignIn.pendingLink(request, false);
        if (identity.isEmpty()) {
            return "redirect:/login";
        }
        return linkView(identity.get(), false, model, request);
    }

    @PostMapping("/federation/link")
    public String link(
            @RequestParam("username") String username,
            @RequestParam("password") String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model)
            throws IOException {
        Optional<UpstreamIdentity> identity = this.federatedSignIn.pendingLink(request, false);
        Optional<IdentityProvider> idp = identity.flatMap((i) -> this.registry.findEnabled(i.idpAlias()));
        if (identity.isEmpty() || idp.isEmpty()) {
            return "redirect:/login";
        }
        LoginOutcome outcome = this.passwords.authenticate(username, password);
        if (!(outcome instanceof LoginOutcome.Succeeded succeeded)) {
            return linkView(identity.get(), true, model, request);
        }
        this.federatedSignIn.pendingLink(request, true);
        LinkOutcome.Linked linked = this.linking.confirm(
                identity.get(), idp.get(), succeeded.account().id());
        this.federatedSignIn.record(
                "federation.linked", linked.accountId().toString(), idp.get().alias(), "first-login");
        // The citizen proved both: the session gets the better of the two levels.
        AssuranceLevel level =
                AssuranceLevel.linkedSession(linked.sessionLevel(), this.realNames.level(linked.accountId()));
        this.federatedSignIn.signIn(
                new LinkOutcome.Linked(linked.accountId(), level, false),
                identity.get(),
                List.of("fed", "pwd"),
                null,
                request,
                response);
        return null;
    }

    private String linkView(UpstreamIdentity identity, boolean error, Model model, HttpServletRequest request) {
        IdentityProvider idp = this.registry.findEnabled(identity.idpAlias()).orElse(null);
        boolean english = Locale.ENGLISH
                .getLanguage()
                .equals(org.springframework.context.i18n.LocaleContextHolder.getLocale()
                        .getLanguage());
        model.addAttribute(
                "idpName", (idp == null) ? identity.idpAlias() : english ? idp.displayNameEn() : idp.displayNameZh());
        model.addAttribute("loginError", error);
        this.languageLinks.addTo(request, model);
        return "federation-link";
    }

    private String callbackUri(String alias) {
        return this.server.issuerString() + "/federation/" + alias + "/callback";
    }
}
