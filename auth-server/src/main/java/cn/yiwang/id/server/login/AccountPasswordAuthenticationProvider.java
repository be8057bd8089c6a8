package cn.yiwang.id.server.login;

import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.password.LoginOutcome;
import cn.yiwang.id.account.password.PasswordAuthenticator;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.server.session.AccountLoginAuthentication;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/** Signs a citizen in with login name and password through the account service. */
public final class AccountPasswordAuthenticationProvider implements AuthenticationProvider {

    private static final int MAX_INPUT = 256;

    private final PasswordAuthenticator authenticator;
    private final RealNameRegistry realNames;

    private final SecondFactorSignIn secondFactor;

    public AccountPasswordAuthenticationProvider(
            PasswordAuthenticator authenticator, RealNameRegistry realNames, SecondFactorSignIn secondFactor) {
        this.authenticator = authenticator;
        this.realNames = realNames;
        this.secondFactor = secondFactor;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String loginName = (authentication.getName() != null) ? authentication.getName() : "";
        String password = (authentication.getCredentials() != null)
                ? authentication.getCredentials().toString()
                : "";
        if (loginName.isBlank()
                || password.isEmpty()
                || loginName.length() > MAX_INPUT
                || password.length() > MAX_INPUT) {
            throw new BadCredentialsException("Bad credentials");
        }
        LoginOutcome outcome = this.authenticator.authenticate(loginName, password);
        if (outcome instanceof LoginOutcome.Succeeded succeeded) {
            if (this.secondFactor.required(succeeded.account().id())) {
                return new FirstFactorAuthentication(succeeded.account().id().toString(), List.of("pwd"));
            }
            return new AccountLoginAuthentication(
                    succeeded.account().id().toString(),
                    List.of("pwd"),
                    this.realNames
                            .level(succeeded.account().id())
                            .remoteSession()
                            .acr());
        }
        if (outcome instanceof LoginOutcome.Throttled throttled) {
            throw new LoginThrottledException(throttled.retryAfter());
        }
        if (outcome instanceof LoginOutcome.Unavailable unavailable) {
            throw (unavailable.status() == AccountStatus.LOCKED)
                    ? new LockedException("Account locked")
                    : new DisabledException("Account disabled");
        }
        throw new BadCredentialsException("Bad credentials");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
