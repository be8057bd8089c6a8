package cn.yiwang.id.server.permission;

import static cn.yiwang.id.server.permission.AdminPermission.*;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three separated administrator roles of GB/T 22239-2019 (三员分立); one person holds exactly one of them.
 */
public enum AdminRole {
    /** 系统管理员: relying parties, provincial IdPs, SAML SPs, key rotation requests, configuration views. */
    SYSTEM(EnumSet.of(
            CLIENTS_READ,
            CLIENTS_WRITE,
            IDPS_READ,
            IDPS_WRITE,
            SAML_READ,
            SAML_WRITE,
            KEYS_READ,
            KEYS_WRITE,
            CONFIG_READ)),
    /** 安全管理员: administrator accounts and roles, citizen account actions, security policies. */
    SECURITY(EnumSet.of(ACCOUNTS_READ, ACCOUNTS_WRITE, ADMINS_READ, ADMINS_WRITE, POLICIES_READ, POLICIES_WRITE)),
    /** 审计管理员: reads everything, the only one that reads the other administrators' audit trail. */
    AUDIT(auditPermissions());

    private final Set<AdminPermission> permissions;

    AdminRole(Set<AdminPermission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    /** What this role may do. */
    public Set<AdminPermission> permissions() {
        return this.permissions;
    }

    private static Set<AdminPermission> auditPermissions() {
        Set<AdminPermission> permissions = AdminPermission.reads();
        permissions.add(AUDIT_READ);
        return permissions;
    }
}
