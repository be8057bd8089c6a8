package cn.yiwang.id.server.federation;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.config.YiwangServerProperties;
import cn.yiwang.id.server.login.AccountPasswordAuthenticationProvider;
import cn.yiwang.id.server.login.LevelsOfAssurance;
import cn.yiwang.id.server.login.SessionSignIn;
import cn.yiwang.id.server.session.FederatedSessions;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.web.ErrorPages;
import cn.yiwang.id.server.web.LanguageLinks;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in through a provincial identity provider: start (send the browser upstream with state,
 * nonce and PKCE), callback (validate, link, sign in with {@code amr} {@code fed} and the capped
 * level), and the first-login step that links an upstream identity to an existing account.
 */
@Controller
public final class FederationController {

    static final String LINK_COOKIE = "YIWANG_FED_LINK";

    private final IdentityProviderRegistry registry;
    private final UpstreamAuthorization authorization;
    private final UpstreamCallback callback;
    private final AccountLinking linking;
    private final FederationStateStore state;
    private final SessionSignIn signIn;
    private final FederatedSessions federatedSessions;
    private final PasswordAuthenticator passwords;
    private final RealNameRegistry realNames;
    private final RequestCache requestCache;
    private final LanguageLinks languageLinks;
    private final AuditLog audit;
    private final YiwangServerProperties server;
    private final JsonMapper json;
    private final Clock clock;
    private final UpstreamLogoutRedirect logoutRedirect;
    private final SecureRandom random = new SecureRandom();

    public FederationController(IdentityProviderRegistry registry, UpstreamAuthorization authorization,
            UpstreamCallback callback, AccountLinking linking, FederationStateStore state, SessionSignIn signIn,
            FederatedSessions federatedSessions, PasswordAuthenticator passwords, RealNameRegistry realNames,
            RequestCache requestCache, LanguageLinks languageLinks, AuditLog audit, YiwangServerProperties server,
            JsonMapper json, Clock clock, UpstreamLogoutRedirect logoutRedirect) {
        this.registry = registry;
        this.authorization = authorization;
        this.callback = callback;
        this.linking = linking;
        this.state = state;
        this.signIn = signIn;
        this.federatedSessions = federatedSessions;
        this.passwords = passwords;
        this.realNames = realNames;
        this.requestCache = requestCache;
        this.languageLinks = languageLinks;
        this.audit = audit;
        this.server = server;
        this.json = json;
        this.clock = clock;
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
        UpstreamAuthorizationRequest upstream;
        try {
            upstream = this.authorization.begin(idp.get(), callbackUri(alias));
        }
        catch (UpstreamUnavailableException | IllegalStateException ex) {
            response.sendRedirect(request.getContextPath() + "/login?idpDown=" + alias);
            return null;
        }
        this.state.put("pending", upstream.pending().state(), upstream.pending().toJson());
        response.sendRedirect(upstream.authorizationUri().toString());
        return null;
    }

    @GetMapping("/federation/{alias}/callback")
    public String callback(@PathVariable String alias, @RequestParam Map<String, String> parameters,
            HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException, jakarta.servlet.ServletException {
        Optional<IdentityProvider> idp = this.registry.findEnabled(alias);
        Optional<PendingUpstreamLogin> pending = this.state.take("pending", parameters.get("state"))
            .map(PendingUpstreamLogin::fromJson);
        if (idp.isEmpty() || pending.isEmpty()) {
            ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "federation_state_unknown",
                    "This sign-in is unknown or has expired; please start again.");
            return null;
        }
        UpstreamResult result = this.callback.complete(idp.get(), pending.get(), parameters, callbackUri(alias));
        if (result instanceof UpstreamResult.Denied denied) {
            record("federation.denied", null, alias, denied.error());
            response.sendRedirect(request.getContextPath() + "/login?idpDenied=" + alias);
            return null;
        }
        if (result instanceof UpstreamResult.Failed failed) {
            record("federation.failed", null, alias, failed.reason());
            ErrorPages.forward(request, response, HttpStatus.BAD_GATEWAY, "federation_failed",
                    "The sign-in at the provincial identity provider could not be completed.");
            return null;
        }
        UpstreamIdentity identity = ((UpstreamResult.Authenticated) result).identity();
        LinkOutcome outcome = this.linking.link(identity, idp.get());
        if (outcome instanceof LinkOutcome.Linked linked) {
            record("federation.signed-in", linked.accountId().toString(), alias, linked.created() ? "created" : "linked");
            signInFederated(linked, identity, List.of("fed"), request, response);
            return null;
        }
        if (outcome instanceof LinkOutcome.NeedsFirstLogin) {
            String key = randomKey();
            this.state.put("link", key, toJson(identity));
            Cookie cookie = new Cookie(LINK_COOKIE, key);
            cookie.setHttpOnly(true);
            cookie.setPath(request.getContextPath() + "/federation");
            cookie.setSecure(request.isSecure());
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
            response.sendRedirect(request.getContextPath() + "/federation/link");
            return null;
        }
        record("federation.refused", null, alias, ((LinkOutcome.Refused) outcome).reason());
        ErrorPages.forward(request, response, HttpStatus.BAD_REQUEST, "federation_refused",
                "The provincial identity provider sent identity data that cannot be accepted.");
        return null;
    }

    @GetMapping("/federation/logged-out")
    public String afterUpstreamLogout(@RequestParam(name = "state", required = false) String stateKey) {
        return "redirect:" + this.logoutRedirect.finalTarget(stateKey);
    }

    @GetMapping("/federation/link")
    public String linkPage(HttpServletRequest request, Model model) {
        Optional<UpstreamIdentity> identity = pendingLink(request, false);
        if (identity.isEmpty()) {
            return "redirect:/login";
        }
        return linkView(identity.get(), false, model, request);
    }

    @PostMapping("/federation/link")
    public String link(@RequestParam("username") String username, @RequestParam("password") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
        Optional<UpstreamIdentity> identity = pendingLink(request, false);
        Optional<IdentityProvider> idp = identity.flatMap((i) -> this.registry.findEnabled(i.idpAlias()));
        if (identity.isEmpty() || idp.isEmpty()) {
            return "redirect:/login";
        }
        LoginOutcome outcome = this.passwords.authenticate(username, password);
        if (!(outcome instanceof LoginOutcome.Succeeded succeeded)) {
            return linkView(identity.get(), true, model, request);
        }
        pendingLink(request, true);
        LinkOutcome.Linked linked = this.linking.confirm(identity.get(), idp.get(), succeeded.account().id());
        record("federation.linked", linked.accountId().toString(), idp.get().alias(), "first-login");
        // The citizen proved both: the session gets the better of the two levels.
        AssuranceLevel account = AccountPasswordAuthenticationProvider.remoteSessionLevel(
                this.realNames.level(linked.accountId()));
        AssuranceLevel level = linked.sessionLevel().atLeast(account) ? linked.sessionLevel() : account;
        signInFederated(new LinkOutcome.Linked(linked.accountId(), level, false), identity.get(),
                List.of("fed", "pwd"), request, response);
        return null;
    }

    private void signInFederated(LinkOutcome.Linked linked, UpstreamIdentity identity, List<String> amr,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        this.signIn.signIn(linked.accountId(), amr, LevelsOfAssurance.acr(linked.sessionLevel()), "federation",
                request, response);
        if (SecurityContextHolder.getContext().getAuthentication() instanceof SsoAuthentication sso) {
            this.federatedSessions.remember(sso.getSession().sid(), new FederatedSessions.Upstream(
                    identity.idpAlias(), identity.idToken(), identity.subject(), identity.upstreamSid()));
        }
        SavedRequest saved = this.requestCache.getRequest(request, response);
        response.sendRedirect((saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/signed-in");
    }

    private String linkView(UpstreamIdentity identity, boolean error, Model model, HttpServletRequest request) {
        IdentityProvider idp = this.registry.findEnabled(identity.idpAlias()).orElse(null);
        boolean english = Locale.ENGLISH.getLanguage().equals(
                org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
        model.addAttribute("idpName", (idp == null) ? identity.idpAlias()
                : english ? idp.displayNameEn() : idp.displayNameZh());
        model.addAttribute("loginError", error);
        this.languageLinks.addTo(request, model);
        return "federation-link";
    }

    private Optional<UpstreamIdentity> pendingLink(HttpServletRequest request, boolean consume) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (LINK_COOKIE.equals(cookie.getName())) {
                Optional<String> stored = consume ? this.state.take("link", cookie.getValue())
                        : this.state.peek("link", cookie.getValue());
                return stored.map(this::fromJson);
            }
        }
        return Optional.empty();
    }

    /** Only what linking and logout need; the mapped attributes (ID number, phone) are not kept here. */
    private String toJson(UpstreamIdentity identity) {
        ObjectNode node = this.json.createObjectNode();
        node.put("idp", identity.idpAlias());
        node.put("sub", identity.subject());
        node.put("level", identity.assertedLevel().name());
        node.put("idt", identity.idToken());
        if (identity.upstreamSid() != null) {
            node.put("sid", identity.upstreamSid());
        }
        return this.json.writeValueAsString(node);
    }

    private UpstreamIdentity fromJson(String value) {
        JsonNode node = this.json.readTree(value);
        return new UpstreamIdentity(node.get("idp").asString(), node.get("sub").asString(), new HashMap<>(),
                AssuranceLevel.valueOf(node.get("level").asString()), node.get("idt").asString(),
                node.hasNonNull("sid") ? node.get("sid").asString() : null);
    }

    private String callbackUri(String alias) {
        return this.server.issuerString() + "/federation/" + alias + "/callback";
    }

    private String randomKey() {
        byte[] bytes = new byte[24];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void record(String type, String accountId, String alias, String detail) {
        this.audit.record(new AuditEvent(this.clock.instant(), type, "idp:" + alias, accountId, null, null,
                type.substring(type.indexOf('.') + 1), detail));
    }
}
