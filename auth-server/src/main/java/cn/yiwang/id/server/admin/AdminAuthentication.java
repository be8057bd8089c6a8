package cn.yiwang.id.server.admin;

import cn.yiwang.id.server.permission.AdminPermission;
import cn.yiwang.id.server.permission.AdminRole;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A signed-in administrator in the console: the name is the administrator's username (the name in the audit
 * trail), the authorities are the role's {@code ADMIN_*} permissions.
 */
public final class AdminAuthentication extends AbstractAuthenticationToken {

    private final Administrator administrator;

    public AdminAuthentication(Administrator administrator) {
        super(administrator.permissions().stream()
                .sorted()
                .map(AdminPermission::authority)
                .map(SimpleGrantedAuthority::new)
                .toList());
        this.administrator = administrator;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return this.administrator.username();
    }

    @Override
    public String getName() {
        return this.administrator.username();
    }

    /** How the console shows the person. */
    public String displayName() {
        return this.administrator.displayName();
    }

    public AdminRole role() {
        return this.administrator.role();
    }

    /** The permissions, for pages that show only what the administrator may use. */
    public List<AdminPermission> permissions() {
        return this.administrator.permissions().stream().sorted().toList();
    }

    /** Whether the administrator holds a permission. */
    public boolean can(AdminPermission permission) {
        return this.administrator.permissions().contains(permission);
    }
}
