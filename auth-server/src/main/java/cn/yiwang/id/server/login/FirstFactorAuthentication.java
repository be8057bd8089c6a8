package cn.yiwang.id.server.login;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A password that was right for an account that also asks for a second factor: not yet a sign-in, so
 * no SSO session is made for it; {@link SecondFactorSignIn} takes it from here.
 */
public final class FirstFactorAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String accountId;

    private final List<String> amr;

    public FirstFactorAuthentication(String accountId, List<String> amr) {
        super(AuthorityUtils.NO_AUTHORITIES);
        this.accountId = accountId;
        this.amr = List.copyOf(amr);
        // authenticated as far as the form filter goes (it must call the success handler), never a session
        setAuthenticated(true);
    }

    public List<String> getAmr() {
        return this.amr;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return this.accountId;
    }

    @Override
    public String getName() {
        return this.accountId;
    }
}
