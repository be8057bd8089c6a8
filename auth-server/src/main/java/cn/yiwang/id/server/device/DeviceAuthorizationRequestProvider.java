package cn.yiwang.id.server.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The device authorization request (RFC 8628 §3.1–3.2), in place of Spring Authorization Server's
 * provider, which refuses {@code openid}: a kiosk signs a citizen in, so it asks for an ID token like any
 * relying party. Checks that the client has the grant ({@code unauthorized_client}) and may ask for each
 * scope ({@code invalid_scope}); no scope means every scope the client is registered for (RFC 6749 §3.3).
 * Issues a 256-bit device code and a user code ({@link UserCodeGenerator}), both living the client's
 * {@code device-code-ttl}, and starts the polling clock ({@link DevicePolling}).
 */
public final class DeviceAuthorizationRequestProvider implements AuthenticationProvider {

    private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);
    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.2";

    private final OAuth2AuthorizationService authorizations;
    private final OAuth2TokenGenerator<OAuth2UserCode> userCodes;
    private final DevicePolling polling;
    private final Clock clock;
    private final StringKeyGenerator deviceCodes =
            new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 32);

    public DeviceAuthorizationRequestProvider(
            OAuth2AuthorizationService authorizations,
            OAuth2TokenGenerator<OAuth2UserCode> userCodes,
            DevicePolling polling,
            Clock clock) {
        this.authorizations = authorizations;
        this.userCodes = userCodes;
        this.polling = polling;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2DeviceAuthorizationRequestAuthenticationToken request =
                (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
        if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
                || !clientPrincipal.isAuthenticated()
                || clientPrincipal.getRegisteredClient() == null) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        RegisteredClient client = clientPrincipal.getRegisteredClient();
        if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
            throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client is not registered for the device grant");
        }
        Set<String> scopes = new LinkedHashSet<>(request.getScopes());
        for (String scope : scopes) {
            if (!client.getScopes().contains(scope)) {
                throw error(OAuth2ErrorCodes.INVALID_SCOPE, "The client may not ask for scope " + scope);
            }
        }
        if (scopes.isEmpty()) {
            scopes.addAll(client.getScopes());
        }
        Instant now = this.clock.instant();
        Duration lifetime = client.getTokenSettings().getDeviceCodeTimeToLive();
        OAuth2DeviceCode deviceCode = new OAuth2DeviceCode(this.deviceCodes.generateKey(), now, now.plus(lifetime));
        OAuth2UserCode userCode = this.userCodes.generate(DefaultOAuth2TokenContext.builder()
                .registeredClient(client)
                .principal(clientPrincipal)
                .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .authorizationGrant(request)
                .tokenType(USER_CODE)
                .build());
        if (userCode == null) {
            throw error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, "No user code is free right now; try again");
        }
        OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
                .principalName(clientPrincipal.getName())
                .authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
                .token(deviceCode)
                .token(userCode)
                .attribute(OAuth2ParameterNames.SCOPE, scopes)
                .build();
        this.authorizations.save(authorization);
        this.polling.start(deviceCode.getTokenValue(), lifetime);
        return new OAuth2DeviceAuthorizationRequestAuthenticationToken(clientPrincipal, scopes, deviceCode, userCode);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2DeviceAuthorizationRequestAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static OAuth2AuthenticationException error(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
    }
}
