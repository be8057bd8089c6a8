package cn.yiwang.id.server.permission;

import static cn.yiwang.id.server.permission.AdminPermission.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The access-token scopes of machine access to the admin API (client-credentials tokens), each mapped to the same
 * permissions the console's roles hold. The audit scope is never granted together with a scope that writes (the
 * client registry refuses such a client), as no person holds the audit role with another.
 */
public enum AdminScope {
    CLIENTS("yiwang.admin.clients", EnumSet.of(CLIENTS_READ, CLIENTS_WRITE)),
    IDPS("yiwang.admin.idps", EnumSet.of(IDPS_READ, IDPS_WRITE)),
    SAML("yiwang.admin.saml", EnumSet.of(SAML_READ, SAML_WRITE)),
    ACCOUNTS("yiwang.admin.accounts", EnumSet.of(ACCOUNTS_READ, ACCOUNTS_WRITE)),
    ADMINS("yiwang.admin.admins", EnumSet.of(ADMINS_READ, ADMINS_WRITE)),
    KEYS("yiwang.admin.keys", EnumSet.of(KEYS_READ, KEYS_WRITE, CONFIG_READ)),
    /** Read-only on everything and the audit trail: what the audit administrator holds. */
    AUDIT("yiwang.admin.audit", AdminRole.AUDIT.permissions()),
    /**
     * The coarse scope of the first admin API, kept for existing clients: the system and security
     * administrators' permissions together, never the audit trail.
     */
    LEGACY("yiwang.admin", legacy());

    private final String scope;

    private final Set<AdminPermission> permissions;

    AdminScope(String scope, Set<AdminPermission> permissions) {
        this.scope = scope;
        this.permissions = Set.copyOf(permissions);
    }

    /** The scope value as clients request it. */
    public String scope() {
        return this.scope;
    }

    /** What a token with this scope may do. */
    public Set<AdminPermission> permissions() {
        return this.permissions;
    }

    /** Whether the scope lets a token change anything. */
    public boolean writes() {
        return this.permissions.stream().anyMatch(AdminPermission::writes);
    }

    /** The admin scope of that value, if it is one. */
    public static Optional<AdminScope> of(String scope) {
        return Arrays.stream(values()).filter((s) -> s.scope.equals(scope)).findFirst();
    }

    /** The permissions of a set of granted scopes (other scopes give none). */
    public static Set<AdminPermission> permissionsOf(Iterable<String> scopes) {
        Set<AdminPermission> permissions = EnumSet.noneOf(AdminPermission.class);
        for (String scope : scopes) {
            of(scope).ifPresent((s) -> permissions.addAll(s.permissions));
        }
        return permissions;
    }

    /** Whether a set of scopes puts the audit trail together with writing, which no client may hold. */
    public static boolean mixesAuditAndWrites(Iterable<String> scopes) {
        boolean audit = false;
        boolean writes = false;
        for (String scope : scopes) {
            Optional<AdminScope> admin = of(scope);
            audit |= admin.filter((s) -> s == AUDIT).isPresent();
            writes |= admin.filter(AdminScope::writes).isPresent();
        }
        return audit && writes;
    }

    private static Set<AdminPermission> legacy() {
        Set<AdminPermission> permissions = EnumSet.noneOf(AdminPermission.class);
        permissions.addAll(AdminRole.SYSTEM.permissions());
        permissions.addAll(AdminRole.SECURITY.permissions());
        return permissions;
    }
}
