package cn.yiwang.id.server.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * The claims of an access token obtained by token exchange (RFC 8693): {@code aud} is the target service
 * ({@code resource} and {@code audience} values, §2.1), {@code act} names the calling service as the actor
 * (§4.1), with the subject token's own {@code act} nested inside it when there was one (a delegation chain), and
 * the token expires no later than the subject token does.
 */
public final class ExchangedTokenClaims {

    /** The actor claim (RFC 8693 §4.1). */
    public static final String ACT = "act";

    /** Adds the claims when the context is an access token issued by token exchange; otherwise does nothing. */
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                || !AuthorizationGrantType.TOKEN_EXCHANGE.equals(context.getAuthorizationGrantType())
                || !(context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken grant)) {
            return;
        }
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", context.getRegisteredClient().getClientId());
        OAuth2Authorization subjectAuthorization = context.getAuthorization();
        OAuth2Authorization.Token<OAuth2Token> subject =
                (subjectAuthorization != null) ? subjectAuthorization.getToken(grant.getSubjectToken()) : null;
        if (subject != null
                && subject.getClaims() != null
                && subject.getClaims().get(ACT) instanceof Map<?, ?> prior) {
            act.put(ACT, prior);
        }
        Instant subjectExpiry = (subject != null) ? subject.getToken().getExpiresAt() : null;
        context.getClaims()
                .audience(new ArrayList<>(TokenExchangeRules.targets(grant)))
                .claim(ACT, act);
        context.getClaims().claims((claims) -> {
            if (subjectExpiry != null && claims.get("exp") instanceof Instant expiry && expiry.isAfter(subjectExpiry)) {
                claims.put("exp", subjectExpiry);
            }
        });
    }
}
