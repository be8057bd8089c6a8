package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.delegation.AgentDelegations;
import cn.yiwang.id.account.delegation.Delegation;
import cn.yiwang.id.server.session.SsoAuthentication;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;

/**
 * In a session where a community agent acts for a citizen, a relying party gets no more than the citizen
 * approved: the requested scopes must be among the delegation's ({@code openid} always allowed), else the
 * authorization request gets {@code invalid_scope} (RFC 6749 §4.1.2.1). Runs after Spring Authorization Server's
 * own redirect-URI and scope validation.
 */
public final class DelegatedScopes implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    private final AgentDelegations delegations;

    public DelegatedScopes(AgentDelegations delegations) {
        this.delegations = delegations;
    }

    /** Adds the check to the authorization endpoint's code request provider. */
    public static void apply(List<AuthenticationProvider> providers, AgentDelegations delegations) {
        Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> validator =
                new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen(new DelegatedScopes(delegations));
        providers.stream()
                .filter(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::isInstance)
                .map(OAuth2AuthorizationCodeRequestAuthenticationProvider.class::cast)
                .forEach((provider) -> provider.setAuthenticationValidator(validator));
    }

    @Override
    public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        if (!(request.getPrincipal() instanceof SsoAuthentication sso)
                || !sso.getSession().isActing()) {
            return;
        }
        Set<String> allowed = new HashSet<>(List.of(OidcScopes.OPENID));
        try {
            this.delegations
                    .find(UUID.fromString(sso.getSession().delegationId()))
                    .map(Delegation::scopes)
                    .ifPresent(allowed::addAll);
        } catch (IllegalArgumentException ex) {
            // not a delegation id: only openid
        }
        if (!allowed.containsAll(request.getScopes())) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_SCOPE,
                            "The citizen approved the community agent for fewer scopes",
                            "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1"),
                    request);
        }
    }
}
