package cn.yiwang.id.server.session;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** A sign-in that has just succeeded and still needs its SSO session. */
public final class AccountLoginAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String accountId;
    private final List<String> amr;
    private final String acr;

    public AccountLoginAuthentication(String accountId, List<String> amr, String acr) {
        super(AuthorityUtils.createAuthorityList("ROLE_CITIZEN"));
        this.accountId = accountId;
        this.amr = List.copyOf(amr);
        this.acr = acr;
        setAuthenticated(true);
    }

    public List<String> getAmr() {
        return this.amr;
    }

    public String getAcr() {
        return this.acr;
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
