package cn.yiwang.id.server.exchange;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.authorization.AuthorizationLinks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Yiwang ID's policy for RFC 8693 token exchange (跨省通办: a service calling another province's service for the
 * same citizen), around Spring Authorization Server's {@link OAuth2TokenExchangeAuthenticationProvider}, which
 * issues the token. Before it does:
 *
 * <ul>
 *   <li>the client must be registered for the grant ({@code unauthorized_client}, RFC 6749 §5.2);
 *   <li>the calling service is the actor: an {@code actor_token} is refused ({@code invalid_request});
 *   <li>a target is required, by {@code resource} or {@code audience} (RFC 8693 §2.1, {@code invalid_request}),
 *       and every target must be in the client's {@code token-exchange-audiences} ({@code invalid_target},
 *       RFC 8693 §2.2.2);
 *   <li>the subject token must be our live access token ({@code invalid_grant});
 *   <li>the scopes are at most the subject token's that the client may hold: requested ones outside that get
 *       {@code invalid_scope}; without {@code scope} the client gets all of them, and nothing left is
 *       {@code invalid_scope} too.
 * </ul>
 *
 * After it, the new authorization is linked to the subject token's ({@link AuthorizationLinks#PARENT}), so
 * revoking that one ends this one. {@link ExchangedTokenClaims} sets {@code aud}, {@code act} and the lifetime.
 */
public final class TokenExchangeRules implements AuthenticationProvider {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2";

    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public TokenExchangeRules(
            AuthenticationProvider delegate,
            OAuth2AuthorizationService authorizations,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    /** Puts the rules around Spring Authorization Server's token-exchange provider in the token endpoint's list. */
    public static void wrap(
            List<AuthenticationProvider> providers,
            OAuth2AuthorizationService authorizations,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        providers.replaceAll((provider) -> (provider instanceof OAuth2TokenExchangeAuthenticationProvider)
                ? new TokenExchangeRules(provider, authorizations, audit, meters, clock)
                : provider);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2TokenExchangeAuthenticationToken request = (OAuth2TokenExchangeAuthenticationToken) authentication;
        if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
                || !client.isAuthenticated()
                || client.getRegisteredClient() == null) {
            // Spring Authorization Server answers invalid_client
            return this.delegate.authenticate(authentication);
        }
        RegisteredClient registeredClient = client.getRegisteredClient();
        try {
            OAuth2Authorization subject = check(request, registeredClient);
            Set<String> scopes = scopes(request, subject, registeredClient);
            OAuth2TokenExchangeAuthenticationToken narrowed = new OAuth2TokenExchangeAuthenticationToken(
                    request.getRequestedTokenType(),
                    request.getSubjectToken(),
                    request.getSubjectTokenType(),
                    client,
                    null,
                    null,
                    request.getResources(),
                    request.getAudiences(),
                    scopes,
                    request.getAdditionalParameters());
            OAuth2AccessTokenAuthenticationToken issued =
                    (OAuth2AccessTokenAuthenticationToken) this.delegate.authenticate(narrowed);
            link(issued.getAccessToken(), subject);
            count("issued", "none");
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "token.exchanged",
                    registeredClient.getClientId(),
                    subject.getPrincipalName(),
                    registeredClient.getClientId(),
                    null,
                    "success",
                    "for " + String.join(" ", targets(request)) + " with scope " + String.join(" ", scopes)));
            return issued;
        } catch (OAuth2AuthenticationException ex) {
            count("refused", ex.getError().getErrorCode());
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "token.exchange-refused",
                    registeredClient.getClientId(),
                    null,
                    registeredClient.getClientId(),
                    null,
                    "refused",
                    ex.getError().getErrorCode()));
            throw ex;
        }
    }

    private OAuth2Authorization check(OAuth2TokenExchangeAuthenticationToken request, RegisteredClient client) {
        if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
            throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client is not registered for token exchange");
        }
        if (StringUtils.hasText(request.getActorToken())) {
            throw error(
                    OAuth2ErrorCodes.INVALID_REQUEST,
                    "actor_token is not accepted: the calling service itself is the actor");
        }
        Set<String> targets = targets(request);
        if (targets.isEmpty()) {
            throw error(OAuth2ErrorCodes.INVALID_REQUEST, "A target service is required: resource or audience");
        }
        List<String> allowed = TokenExchangeAudiences.of(client);
        for (String target : targets) {
            if (!allowed.contains(target)) {
                throw error("invalid_target", "The client may not exchange tokens for this target service");
            }
        }
        OAuth2Authorization subject =
                this.authorizations.findByToken(request.getSubjectToken(), OAuth2TokenType.ACCESS_TOKEN);
        OAuth2Authorization.Token<OAuth2Token> token =
                (subject != null) ? subject.getToken(request.getSubjectToken()) : null;
        if (token == null || !token.isActive() || !(token.getToken() instanceof OAuth2AccessToken)) {
            throw error(OAuth2ErrorCodes.INVALID_GRANT, "The subject token is not an active access token of ours");
        }
        return subject;
    }

    private static Set<String> scopes(
            OAuth2TokenExchangeAuthenticationToken request, OAuth2Authorization subject, RegisteredClient client) {
        Set<String> permitted = new LinkedHashSet<>(subject.getAuthorizedScopes());
        permitted.retainAll(client.getScopes());
        if (!request.getScopes().isEmpty()) {
            if (!permitted.containsAll(request.getScopes())) {
                throw error(
                        OAuth2ErrorCodes.INVALID_SCOPE,
                        "A requested scope is not both in the subject token and in the client's scopes");
            }
            return new LinkedHashSet<>(request.getScopes());
        }
        if (permitted.isEmpty()) {
            throw error(OAuth2ErrorCodes.INVALID_SCOPE, "No scope of the subject token is among the client's scopes");
        }
        return permitted;
    }

    /** The new authorization lives only as long as the subject token's does. */
    private void link(OAuth2AccessToken accessToken, OAuth2Authorization subject) {
        OAuth2Authorization issued =
                this.authorizations.findByToken(accessToken.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
        if (issued != null) {
            this.authorizations.save(OAuth2Authorization.from(issued)
                    .attribute(AuthorizationLinks.PARENT, subject.getId())
                    .build());
        }
    }

    static Set<String> targets(OAuth2TokenExchangeAuthenticationToken request) {
        Set<String> targets = new LinkedHashSet<>(request.getResources());
        targets.addAll(request.getAudiences());
        return targets;
    }

    private void count(String outcome, String error) {
        this.meters
                .counter("yiwang.token.exchange", "outcome", outcome, "error", error)
                .increment();
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }
}
