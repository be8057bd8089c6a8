package cn.yiwang.id.server.permission;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an administrator (a person in the console, or a client-credentials token) may do: the one vocabulary shared
 * by the security rules of the admin API, the console pages and the role matrix. Each permission is a Spring
 * authority named {@code ADMIN_<NAME>}.
 */
public enum AdminPermission {
    CLIENTS_READ,
    CLIENTS_WRITE,
    IDPS_READ,
    IDPS_WRITE,
    SAML_READ,
    SAML_WRITE,
    KEYS_READ,
    KEYS_WRITE,
    CONFIG_READ,
    ACCOUNTS_READ,
    ACCOUNTS_WRITE,
    ADMINS_READ,
    ADMINS_WRITE,
    POLICIES_READ,
    POLICIES_WRITE,
    AUDIT_READ;

    /** The authority prefix of every permission. */
    public static final String PREFIX = "ADMIN_";

    /** The Spring authority that carries this permission. */
    public String authority() {
        return PREFIX + name();
    }

    /** Every read-only permission: what the audit administrator holds besides the audit trail. */
    public static Set<AdminPermission> reads() {
        EnumSet<AdminPermission> reads = EnumSet.noneOf(AdminPermission.class);
        for (AdminPermission permission : values()) {
            if (permission.name().endsWith("_READ")) {
                reads.add(permission);
            }
        }
        return reads;
    }

    /** Whether this permission changes anything. */
    public boolean writes() {
        return name().endsWith("_WRITE");
    }
}
