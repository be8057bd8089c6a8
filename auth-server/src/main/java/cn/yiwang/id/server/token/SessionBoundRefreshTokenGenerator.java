package cn.yiwang.id.server.token;

import cn.yiwang.id.server.session.SsoAuthentication;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens for confidential clients as Spring Authorization Server makes them, and also for public
 * clients (browser and native apps, RFC 9700 §4.14.2), which it does not issue: rotated on every use (the
 * clients' {@code reuseRefreshTokens} is off), issued only within an SSO session (whose end removes them),
 * and never outliving the session nor {@code yiwang.clients.public-refresh-token-max-ttl} from sign-in at the
 * client, whatever the client's own refresh-token TTL.
 */
public final class SessionBoundRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final Duration publicMaxTtl;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    public SessionBoundRefreshTokenGenerator(Duration publicMaxTtl, Clock clock) {
        this.publicMaxTtl = publicMaxTtl;
        this.clock = clock;
    }

    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
            return null;
        }
        RegisteredClient client = context.getRegisteredClient();
        Instant issuedAt = this.clock.instant();
        Instant expiresAt = issuedAt.plus(client.getTokenSettings().getRefreshTokenTimeToLive());
        if (isPublic(client)) {
            if (!(context.getPrincipal() instanceof SsoAuthentication sso)) {
                return null;
            }
            Instant start = chainStart(context.getAuthorization(), issuedAt);
            expiresAt = earliest(
                    expiresAt, start.plus(this.publicMaxTtl), sso.getSession().expiresAt());
            if (!expiresAt.isAfter(issuedAt)) {
                return null;
            }
        }
        return new OAuth2RefreshToken(value(), issuedAt, expiresAt);
    }

    private static boolean isPublic(RegisteredClient client) {
        return client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE);
    }

    // when the client first got tokens in this authorization: the code it redeemed then
    private static Instant chainStart(OAuth2Authorization authorization, Instant now) {
        if (authorization == null) {
            return now;
        }
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
        return (code != null && code.getToken().getIssuedAt() != null)
                ? code.getToken().getIssuedAt()
                : now;
    }

    private static Instant earliest(Instant first, Instant... others) {
        Instant earliest = first;
        for (Instant other : others) {
            if (other != null && other.isBefore(earliest)) {
                earliest = other;
            }
        }
        return earliest;
    }

    // the same strength as Spring Authorization Server's own: 96 random bytes, base64url
    private String value() {
        byte[] bytes = new byte[96];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
