package cn.yiwang.id.server.web;

import java.util.Set;
import java.util.function.Predicate;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;

/**
 * When the user is asked to consent: always with {@code prompt=consent} (OIDC Core §3.1.2.1);
 * otherwise when the client requires consent and asks for a scope beyond {@code openid} that the
 * user has not granted yet.
 */
public final class ConsentRequirement implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

    @Override
    public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        Object prompt =
                context.getAuthorizationRequest().getAdditionalParameters().get("prompt");
        if (prompt instanceof String value
                && AuthorizationRequests.prompts(value).contains("consent")) {
            return true;
        }
        if (!context.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
            return false;
        }
        Set<String> requested = context.getAuthorizationRequest().getScopes();
        if (requested.isEmpty() || (requested.size() == 1 && requested.contains(OidcScopes.OPENID))) {
            return false;
        }
        OAuth2AuthorizationConsent granted = context.getAuthorizationConsent();
        return granted == null
                || !granted.getScopes()
                        .containsAll(requested.stream()
                                .filter((scope) -> !OidcScopes.OPENID.equals(scope))
                                .toList());
    }
}
