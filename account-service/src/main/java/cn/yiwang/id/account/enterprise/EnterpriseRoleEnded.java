package cn.yiwang.id.account.enterprise;

import java.util.Objects;
import java.util.UUID;

/**
 * Published when a citizen may no longer act for an enterprise (revoked, expired, the representative
 * changed, the enterprise cancelled): whoever holds sessions or tokens acting for it ends them at once.
 *
 * @param accountId the citizen
 * @param uscc the enterprise
 * @param reason {@code revoked}, {@code expired}, {@code representative-changed}, {@code enterprise-inactive}
 * or {@code account-erased}
 */
public record EnterpriseRoleEnded(UUID accountId, String uscc, String reason) {

    public EnterpriseRoleEnded {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(uscc, "uscc");
        Objects.requireNonNull(reason, "reason");
    }
}
