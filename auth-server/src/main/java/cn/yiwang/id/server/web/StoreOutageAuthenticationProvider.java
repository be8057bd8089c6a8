package cn.yiwang.id.server.web;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Wraps a Spring Authorization Server provider whose endpoint filter turns every unexpected exception into
 * {@code 400 invalid_request} (the UserInfo endpoint does): a store outage becomes the OAuth error
 * {@code temporarily_unavailable} instead, which {@link UserInfoErrorResponseHandler} answers with 503.
 */
public final class StoreOutageAuthenticationProvider implements AuthenticationProvider {

    /** The error code of RFC 6749 §4.1.2.1 for a server that cannot handle the request for now. */
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private final AuthenticationProvider delegate;

    public StoreOutageAuthenticationProvider(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        try {
            return this.delegate.authenticate(authentication);
        } catch (RuntimeException ex) {
            String dependency = StoreFailures.unavailable(ex);
            if (dependency == null) {
                throw ex;
            }
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(TEMPORARILY_UNAVAILABLE, dependency + " unavailable: " + rootMessage(ex), null),
                    ex);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return this.delegate.supports(authentication);
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
