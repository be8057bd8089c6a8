package cn.yiwang.id.server.logout;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * An RP-Initiated Logout request without a usable {@code id_token_hint} (RP-Initiated Logout 1.0 §2: the hint is
 * only RECOMMENDED), or with one that names another user than the one signed in: the browser is asked to confirm
 * before its session ends. {@code client_id}, {@code post_logout_redirect_uri} and {@code state} are kept when
 * the client is known and the URI registered for it; otherwise they are dropped.
 */
public final class LogoutWithoutHint extends AbstractAuthenticationToken {

    private final Authentication principal;

    private final String clientId;

    private final String postLogoutRedirectUri;

    private final String state;

    public LogoutWithoutHint(
            Authentication principal, String clientId, String postLogoutRedirectUri, String state, boolean validated) {
        super(List.of());
        this.principal = principal;
        this.clientId = clientId;
        this.postLogoutRedirectUri = postLogoutRedirectUri;
        this.state = state;
        setAuthenticated(validated);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Authentication getPrincipal() {
        return this.principal;
    }

    public String getClientId() {
        return this.clientId;
    }

    public String getPostLogoutRedirectUri() {
        return this.postLogoutRedirectUri;
    }

    public String getState() {
        return this.state;
    }
}
