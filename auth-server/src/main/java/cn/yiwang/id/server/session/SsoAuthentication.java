package cn.yiwang.id.server.session;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The signed-in citizen as Spring Security sees them: an account id backed by an SSO session. */
public final class SsoAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final SsoSession session;

    public SsoAuthentication(SsoSession session) {
        super(authorities(session));
        this.session = session;
        setAuthenticated(true);
    }

    public SsoSession getSession() {
        return this.session;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return this.session.accountId();
    }

    @Override
    public String getName() {
        return this.session.accountId();
    }

    private static List<GrantedAuthority> authorities(SsoSession session) {
        // The factor authority carries auth_time the way Spring Authorization Server expects it.
        return List.of(
                new SimpleGrantedAuthority("ROLE_CITIZEN"),
                FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
                        .issuedAt(session.authTime())
                        .build());
    }
}
