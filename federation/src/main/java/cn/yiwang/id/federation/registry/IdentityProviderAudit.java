package cn.yiwang.id.federation.registry;

/**
 * Where administrators' changes to the identity-provider registry are audited. The federation module cannot see
 * the auth-server's audit trail, so the auth-server implements this; without an implementation changes are only
 * logged.
 */
@FunctionalInterface
public interface IdentityProviderAudit {

    /**
     * One change, already committed.
     * @param type {@code idp.created}, {@code idp.updated} or {@code idp.deleted}
     * @param alias the provider
     * @param actor who did it, e.g. {@code admin:secadmin}
     * @param detail what changed, by field name only (never a secret)
     */
    void changed(String type, String alias, String actor, String detail);
}
