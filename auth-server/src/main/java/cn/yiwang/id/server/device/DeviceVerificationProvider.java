package cn.yiwang.id.server.device;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A user code entered at {@code /activate}, around Spring Authorization Server's provider (which looks it
 * up and, since every device sign-in is confirmed, sends the citizen to the confirmation page): refused
 * unread while the address, the account or the service is over its limit of wrong codes, and each wrong
 * (unknown, expired or used) code counted ({@link UserCodeGuesses}).
 */
public final class DeviceVerificationProvider implements AuthenticationProvider {

    /** Error code (ours, shown to people only) for a code refused because of too many wrong ones. */
    public static final String THROTTLED = "too_many_attempts";

    private final AuthenticationProvider delegate;
    private final UserCodeGuesses guesses;
    private final Clock clock;

    public DeviceVerificationProvider(AuthenticationProvider delegate, UserCodeGuesses guesses, Clock clock) {
        this.delegate = delegate;
        this.guesses = guesses;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        OAuth2DeviceVerificationAuthenticationToken verification =
                (OAuth2DeviceVerificationAuthenticationToken) authentication;
        String clientIp = (verification.getDetails() instanceof WebAuthenticationDetails details)
                ? details.getRemoteAddress()
                : "unknown";
        Authentication principal = (Authentication) verification.getPrincipal();
        String account = (principal != null) ? principal.getName() : "anonymous";
        Optional<Duration> wait = this.guesses.waitBeforeNext(clientIp, account, this.clock.instant());
        if (wait.isPresent()) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(THROTTLED, String.valueOf(wait.get().toSeconds()), null));
        }
        try {
            return this.delegate.authenticate(authentication);
        } catch (OAuth2AuthenticationException ex) {
            if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())) {
                this.guesses.recordWrong(clientIp, account, this.clock.instant());
            }
            throw ex;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2DeviceVerificationAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
