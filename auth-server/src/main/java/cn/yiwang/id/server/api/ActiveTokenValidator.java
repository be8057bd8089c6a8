package cn.yiwang.id.server.api;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Our own APIs accept an access token only while its authorization is live: a token revoked, or
 * issued in a session that has since ended, is refused at once rather than at its expiry.
 */
public final class ActiveTokenValidator implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error INACTIVE =
            new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The access token is no longer active", null);

    private final OAuth2AuthorizationService authorizations;

    public ActiveTokenValidator(OAuth2AuthorizationService authorizations) {
        this.authorizations = authorizations;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        OAuth2Authorization authorization =
                this.authorizations.findByToken(token.getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
        if (authorization == null) {
            return OAuth2TokenValidatorResult.failure(INACTIVE);
        }
        OAuth2Authorization.Token<?> accessToken = authorization.getToken(token.getTokenValue());
        return (accessToken != null && accessToken.isActive())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(INACTIVE);
    }
}
