package cn.yiwang.id.server.token;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.authorization.RedisOAuth2AuthorizationService;
import cn.yiwang.id.server.session.SsoAuthentication;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.Principal;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

/**
 * Refresh token reuse is theft (RFC 9700 §4.14.2): when a refresh token that was already rotated away is presented
 * again by the client it was issued to, the whole authorization it belonged to is revoked (its access, refresh and
 * ID tokens), the request still gets {@code invalid_grant}, nothing else ends (the SSO session and the client's
 * other authorizations stay), and the event is audited. Wraps Spring Authorization Server's refresh token provider.
 */
public final class RefreshTokenReuseDetection implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuseDetection.class);

    private final AuthenticationProvider delegate;
    private final RedisOAuth2AuthorizationService authorizations;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock;

    public RefreshTokenReuseDetection(
            AuthenticationProvider delegate,
            RedisOAuth2AuthorizationService authorizations,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.audit = audit;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return this.delegate.authenticate(authentication);
        } catch (OAuth2AuthenticationException ex) {
            if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())
                    && authentication instanceof OAuth2RefreshTokenAuthenticationToken refresh) {
                revokeWhenReused(refresh);
            }
            throw ex;
        }
    }

    private void revokeWhenReused(OAuth2RefreshTokenAuthenticationToken refresh) {
        OAuth2Authorization authorization = this.authorizations.findByRotatedRefreshToken(refresh.getRefreshToken());
        if (authorization == null
                || !(refresh.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
                || client.getRegisteredClient() == null
                || !client.getRegisteredClient().getId().equals(authorization.getRegisteredClientId())) {
            return;
        }
        this.authorizations.remove(authorization);
        String clientId = client.getRegisteredClient().getClientId();
        Object principal = authorization.getAttribute(Principal.class.getName());
        String sid =
                (principal instanceof SsoAuthentication sso) ? sso.getSession().sid() : null;
        log.warn("Rotated refresh token of client {} presented again: authorization revoked", clientId);
        this.meters.counter("yiwang.token.refresh.reused").increment();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "token.refresh-reused",
                clientId,
                authorization.getPrincipalName(),
                clientId,
                sid,
                "revoked",
                "a rotated refresh token was presented again; the authorization's tokens are revoked"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }
}
