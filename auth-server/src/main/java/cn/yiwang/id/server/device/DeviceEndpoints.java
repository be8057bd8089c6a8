package cn.yiwang.id.server.device;

import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSessionStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.ListIterator;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Switches on the device authorization grant (RFC 8628) in Spring Authorization Server through its
 * configurers, and says which of our parts go where:
 * <ul>
 * <li>client authentication: public clients name themselves at the device endpoints (wired with the other
 * client authentication converters in the security configuration: {@code NamedPublicClientConverter});</li>
 * <li>{@code /oauth2/device_authorization}: {@link DeviceAuthorizationRequestProvider} instead of the
 * framework's, and {@link DeviceAuthorizationResponseHandler};</li>
 * <li>{@code /activate} (the verification URI): every sign-in confirmed on {@link #CONSENT_PATH} (RFC
 * 8628 §5.4: the citizen compares the code and the device), guesses throttled
 * ({@link DeviceVerificationProvider}), "deny" always denies, results as pages
 * ({@link DeviceVerificationHandlers});</li>
 * <li>{@code /oauth2/token}: {@link DeviceCodeGrantProvider} around the framework's device code
 * provider.</li>
 * </ul>
 */
public final class DeviceEndpoints {

    /** The verification URI (RFC 8628 §3.2), short enough to type from a kiosk's screen. */
    public static final String VERIFICATION_PATH = "/activate";

    /** Where the citizen confirms the device and the scopes. */
    public static final String CONSENT_PATH = "/activate/consent";

    private final OAuth2AuthorizationService authorizations;
    private final UserCodeGenerator userCodes;
    private final DevicePolling polling;
    private final UserCodeGuesses guesses;
    private final SsoSessionStore sessions;
    private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;
    private final AuditLog audit;
    private final Clock clock;

    public DeviceEndpoints(
            OAuth2AuthorizationService authorizations,
            UserCodeGenerator userCodes,
            DevicePolling polling,
            UserCodeGuesses guesses,
            SsoSessionStore sessions,
            OAuth2TokenGenerator<? extends OAuth2Token> tokens,
            AuditLog audit,
            Clock clock) {
        this.authorizations = authorizations;
        this.userCodes = userCodes;
        this.polling = polling;
        this.guesses = guesses;
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The settings' part: where the verification URI is. */
    public static AuthorizationServerSettings.Builder settings(AuthorizationServerSettings.Builder settings) {
        return settings.deviceVerificationEndpoint(VERIFICATION_PATH);
    }

    public void configure(
            OAuth2AuthorizationServerConfigurer server, String issuer, AuthorizationServerSettings settings) {
        DeviceVerificationHandlers handlers = new DeviceVerificationHandlers(this.audit, this.clock);
        server.deviceAuthorizationEndpoint((endpoint) -> endpoint.authenticationProviders((providers) -> {
                            providers.removeIf(
                                    OAuth2DeviceAuthorizationRequestAuthenticationProvider.class::isInstance);
                            providers.add(
                                    0,
                                    new DeviceAuthorizationRequestProvider(
                                            this.authorizations, this.userCodes, this.polling, this.clock));
                        })
                        .deviceAuthorizationResponseHandler(
                                new DeviceAuthorizationResponseHandler(issuer + VERIFICATION_PATH, this.polling)))
                .deviceVerificationEndpoint((endpoint) -> endpoint.consentPage(CONSENT_PATH)
                        .authenticationProviders(this::verificationProviders)
                        .deviceVerificationResponseHandler(handlers)
                        .errorResponseHandler(handlers));
    }

    private void verificationProviders(List<AuthenticationProvider> providers) {
        ListIterator<AuthenticationProvider> each = providers.listIterator();
        while (each.hasNext()) {
            AuthenticationProvider provider = each.next();
            if (provider instanceof OAuth2DeviceVerificationAuthenticationProvider verification) {
                // Always confirm: a code typed or scanned may come from someone else's screen (RFC 8628 §5.4).
                verification.setAuthorizationConsentRequired((context) -> true);
                each.set(new DeviceVerificationProvider(verification, this.guesses, this.clock));
            } else if (provider instanceof OAuth2DeviceAuthorizationConsentAuthenticationProvider consent) {
                consent.setAuthorizationConsentCustomizer(DeviceEndpoints::denyWhenNothingApproved);
            }
        }
    }

    /**
     * The token endpoint's part, for the one consumer of the token endpoint's providers (the configurer keeps only
     * the last consumer it is given, so the security configuration composes them).
     */
    public void tokenProviders(List<AuthenticationProvider> providers) {
        ListIterator<AuthenticationProvider> each = providers.listIterator();
        while (each.hasNext()) {
            if (each.next() instanceof OAuth2DeviceCodeAuthenticationProvider deviceCode) {
                each.set(new DeviceCodeGrantProvider(
                        deviceCode,
                        this.authorizations,
                        this.polling,
                        this.sessions,
                        this.tokens,
                        this.audit,
                        this.clock));
            }
        }
    }

    /**
     * The framework keeps scopes the citizen approved before, so a "deny" posting no scope would still
     * approve them; a confirmation that approves nothing is a refusal.
     */
    private static void denyWhenNothingApproved(OAuth2AuthorizationConsentAuthenticationContext context) {
        if (context.getAuthentication() instanceof OAuth2DeviceAuthorizationConsentAuthenticationToken consent
                && (consent.getScopes() == null || consent.getScopes().isEmpty())) {
            context.getAuthorizationConsent().authorities(Collection::clear);
        }
    }
}
