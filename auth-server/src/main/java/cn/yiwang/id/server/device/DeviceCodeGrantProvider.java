package cn.yiwang.id.server.device;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoAuthentication;
import cn.yiwang.id.server.session.SsoSession;
import cn.yiwang.id.server.session.SsoSessionStore;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The device access token request (RFC 8628 §3.4–3.5), around Spring Authorization Server's provider,
 * which answers {@code authorization_pending}, {@code expired_token}, {@code access_denied} and
 * {@code invalid_grant} itself. Added here, in this order:
 * <ol>
 * <li>a device code that already got its tokens, or that was burnt because another client presented
 * it, is {@code invalid_grant} (the framework would say {@code access_denied} and
 * {@code authorization_pending});</li>
 * <li>while the citizen has not answered, a device polling sooner than its interval is told
 * {@code slow_down} and its interval grows by 5 s ({@link DevicePolling});</li>
 * <li>once approved, exactly one poll gets the tokens, in a new SSO session marked with the device
 * ({@link SsoSessionStore#createForDevice}) so the citizen sees and ends it like any other;</li>
 * <li>with scope {@code openid}, an ID token (which the framework does not issue for this grant), with
 * the session's {@code sid}, {@code auth_time}, {@code acr} and {@code amr}.</li>
 * </ol>
 */
public final class DeviceCodeGrantProvider implements AuthenticationProvider {

    private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5";

    private final AuthenticationProvider delegate;
    private final OAuth2AuthorizationService authorizations;
    private final DevicePolling polling;
    private final SsoSessionStore sessions;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;
    private final AuditLog audit;
    private final Clock clock;

    public DeviceCodeGrantProvider(
            AuthenticationProvider delegate,
            OAuth2AuthorizationService authorizations,
            DevicePolling polling,
            SsoSessionStore sessions,
            OAuth2TokenGenerator<? extends OAuth2Token> tokens,
            AuditLog audit,
            Clock clock) {
        this.delegate = delegate;
        this.authorizations = authorizations;
        this.polling = polling;
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2DeviceCodeAuthenticationToken grant = (OAuth2DeviceCodeAuthenticationToken) authentication;
        if (!(grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
                || clientPrincipal.getRegisteredClient() == null) {
            return this.delegate.authenticate(authentication);
        }
        RegisteredClient client = clientPrincipal.getRegisteredClient();
        OAuth2Authorization authorization = this.authorizations.findByToken(grant.getDeviceCode(), DEVICE_CODE);
        if (authorization == null || !client.getId().equals(authorization.getRegisteredClientId())) {
            return this.delegate.authenticate(authentication);
        }
        OAuth2Authorization.Token<OAuth2DeviceCode> deviceCode = authorization.getToken(OAuth2DeviceCode.class);
        OAuth2Authorization.Token<OAuth2UserCode> userCode = authorization.getToken(OAuth2UserCode.class);
        if (authorization.getAccessToken() != null) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The device code has already been used", null));
        }
        if (deviceCode == null || userCode == null) {
            return this.delegate.authenticate(authentication);
        }
        if (deviceCode.isInvalidated() && !userCode.isInvalidated() && !deviceCode.isExpired()) {
            // burnt when another client presented it; the framework would go on saying authorization_pending
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The device code has been revoked", null));
        }
        if (deviceCode.isExpired() || deviceCode.isInvalidated()) {
            // expired_token, or access_denied after a refusal
            return this.delegate.authenticate(authentication);
        }
        Duration lifetime = Duration.between(
                deviceCode.getToken().getIssuedAt(), deviceCode.getToken().getExpiresAt());
        if (!userCode.isInvalidated()) {
            long interval = this.polling.poll(grant.getDeviceCode(), lifetime);
            if (interval > 0) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        "slow_down", "Poll no more often than every " + interval + " seconds", ERROR_URI));
            }
            // authorization_pending
            return this.delegate.authenticate(authentication);
        }
        if (!this.polling.claimIssuance(grant.getDeviceCode(), lifetime)) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The device code has already been used", null));
        }
        SsoAuthentication devicePrincipal = openDeviceSession(authorization, client);
        OAuth2AccessTokenAuthenticationToken issued =
                (OAuth2AccessTokenAuthenticationToken) this.delegate.authenticate(authentication);
        OAuth2Authorization withTokens = this.authorizations.findById(authorization.getId());
        if (withTokens == null || !withTokens.getAuthorizedScopes().contains(OidcScopes.OPENID)) {
            return issued;
        }
        OidcIdToken idToken = idToken(grant, client, devicePrincipal, withTokens);
        this.authorizations.save(OAuth2Authorization.from(withTokens)
                .token(
                        idToken,
                        (metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()))
                .build());
        return new OAuth2AccessTokenAuthenticationToken(
                client,
                clientPrincipal,
                issued.getAccessToken(),
                issued.getRefreshToken(),
                Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue()));
    }

    /** The citizen approved on their phone; the kiosk gets a session of its own, vouched for by that one. */
    private SsoAuthentication openDeviceSession(OAuth2Authorization authorization, RegisteredClient client) {
        Object principal = authorization.getAttribute(Principal.class.getName());
        if (!(principal instanceof SsoAuthentication approver)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
        }
        HttpServletRequest request = currentRequest();
        SsoSession device = this.sessions.createForDevice(
                approver.getSession(),
                client.getClientId(),
                (request != null) ? request.getRemoteAddr() : null,
                (request != null) ? request.getHeader("User-Agent") : null);
        SsoAuthentication devicePrincipal = new SsoAuthentication(device);
        this.authorizations.save(OAuth2Authorization.from(authorization)
                .attribute(Principal.class.getName(), devicePrincipal)
                .build());
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "device.signed-in",
                client.getClientId(),
                device.accountId(),
                client.getClientId(),
                device.sid(),
                "success",
                "approved in session " + approver.getSession().sid()));
        return devicePrincipal;
    }

    private OidcIdToken idToken(
            OAuth2DeviceCodeAuthenticationToken grant,
            RegisteredClient client,
            SsoAuthentication principal,
            OAuth2Authorization authorization) {
        OAuth2Token generated = this.tokens.generate(DefaultOAuth2TokenContext.builder()
                .registeredClient(client)
                .principal(principal)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorization(authorization)
                .authorizedScopes(authorization.getAuthorizedScopes())
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizationGrant(grant)
                .tokenType(ID_TOKEN)
                .build());
        if (!(generated instanceof Jwt jwt)) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR, "The ID token could not be generated", null));
        }
        return new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
    }

    private static HttpServletRequest currentRequest() {
        return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
                ? attributes.getRequest()
                : null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2DeviceCodeAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
