package cn.yiwang.id.server.web;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.server.session.SsoAuthentication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces the level of assurance an authorization request needs: the lowest level among its
 * {@code acr_values} (OIDC Core §3.1.2.1) or among the {@code acr} values of its {@code claims} parameter
 * (§5.5.1.1), and at least the client's registered minimum. When the
 * session is below it, the user is taken through the missing step ({@code /stepup}); with
 * {@code prompt=none} the client gets {@code unmet_authentication_requirements}.
 */
public final class AcrRequirementFilter extends OncePerRequestFilter {

    /** Client setting: the lowest {@code acr} this client accepts. */
    public static final String MINIMUM_ACR = "settings.client.minimum-acr";

    static final String UNMET = "unmet_authentication_requirements";

    private final RegisteredClientRepository clients;
    private final RequestCache requestCache;
    private final AuthorizationErrorResponseHandler errors = new AuthorizationErrorResponseHandler();

    public AcrRequirementFilter(RegisteredClientRepository clients, RequestCache requestCache) {
        this.clients = clients;
        this.requestCache = requestCache;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !AuthorizationRequests.isAuthorizationRequest(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Optional<AssuranceLevel> required = required(request);
        if (!(authentication instanceof SsoAuthentication sso)
                || required.isEmpty()
                || sessionLevel(sso).atLeast(required.get())) {
            chain.doFilter(request, response);
            return;
        }
        if (AuthorizationRequests.hasPrompt(request, "none")) {
            Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
            if (validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken token) {
                this.errors.onAuthenticationFailure(
                        request,
                        response,
                        new OAuth2AuthorizationCodeRequestAuthenticationException(
                                new OAuth2Error(
                                        UNMET, "The session's level of assurance is below the one requested", null),
                                token));
                return;
            }
            // Not pre-validated: the endpoint reports what is wrong with the request itself.
            chain.doFilter(request, response);
            return;
        }
        this.requestCache.saveRequest(request, response);
        response.sendRedirect(
                request.getContextPath() + "/stepup?level=" + required.get().name());
    }

    private Optional<AssuranceLevel> required(HttpServletRequest request) {
        Optional<AssuranceLevel> requested = higher(
                AssuranceLevel.requested(request.getParameter("acr_values")),
                ClaimsRequest.requestedAcr(request.getParameter("claims")));
        String clientId = request.getParameter("client_id");
        RegisteredClient client =
                (clientId != null && clientId.length() <= 100) ? this.clients.findByClientId(clientId) : null;
        Optional<AssuranceLevel> minimum = Optional.ofNullable(client)
                .map((c) -> c.getClientSettings().<String>getSetting(MINIMUM_ACR))
                .flatMap(AssuranceLevel::fromAcr);
        return higher(requested, minimum);
    }

    private static Optional<AssuranceLevel> higher(Optional<AssuranceLevel> one, Optional<AssuranceLevel> other) {
        if (one.isEmpty()) {
            return other;
        }
        if (other.isEmpty()) {
            return one;
        }
        return Optional.of(one.get().atLeast(other.get()) ? one.get() : other.get());
    }

    private static AssuranceLevel sessionLevel(SsoAuthentication sso) {
        return AssuranceLevel.fromAcr(sso.getSession().acr()).orElse(AssuranceLevel.L1);
    }
}
