package cn.yiwang.id.server.config;

/**
 * Which access-token scopes open which admin API: the one place to change when the admin console brings finer
 * scopes. Today every admin API takes the coarse {@code yiwang.admin}; the clients registry also takes its own
 * {@code yiwang.admin.clients}.
 */
final class AdminAuthorization {

    /** {@code /admin/api/clients/**}. */
    static final String[] CLIENTS = {"SCOPE_yiwang.admin.clients", "SCOPE_yiwang.admin"};

    /**
     * {@code /admin/api/audit/**}: only the audit scope (or an audit administrator's permission), never the coarse
     * {@code yiwang.admin}, so no token that can change things can also read or verify the trail.
     */
    static final String[] AUDIT = {"SCOPE_yiwang.admin.audit", "ADMIN_AUDIT_READ"};

    /** Every other {@code /admin/api/**}. */
    static final String[] ANY_ADMIN = {"SCOPE_yiwang.admin"};

    private AdminAuthorization() {}
}
