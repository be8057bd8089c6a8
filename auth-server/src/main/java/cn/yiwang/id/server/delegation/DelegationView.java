package cn.yiwang.id.server.delegation;

import cn.yiwang.id.account.delegation.Delegation;
import java.time.Instant;

/**
 * One delegation as a page lists it.
 *
 * @param id the delegation id
 * @param other the other person, masked: the agent on the citizen's page, the citizen on the agent's
 * @param region the agent's region
 * @param scopes space-separated
 * @param hours the duration
 * @param status PENDING, ACTIVE, REFUSED, ENDED, or EXPIRED when an active one ran out
 * @param requestedAt when the agent asked
 * @param expiresAt when it ends by itself, or null before approval
 * @param inForce whether the agent may act now
 * @param endable whether it can still be ended (pending or in force)
 */
public record DelegationView(
        String id,
        String other,
        String region,
        String scopes,
        long hours,
        String status,
        Instant requestedAt,
        Instant expiresAt,
        boolean inForce,
        boolean endable) {

    static DelegationView of(Delegation delegation, String other, Instant now) {
        boolean inForce = delegation.inForce(now);
        String status = (delegation.status().name().equals("ACTIVE") && !inForce)
                ? "EXPIRED"
                : delegation.status().name();
        return new DelegationView(
                delegation.id().toString(),
                other,
                delegation.region(),
                String.join(" ", delegation.scopes()),
                delegation.duration().toHours(),
                status,
                delegation.requestedAt(),
                delegation.expiresAt(),
                inForce,
                inForce || delegation.awaitingApproval(now));
    }
}
