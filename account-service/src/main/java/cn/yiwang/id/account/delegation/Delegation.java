package cn.yiwang.id.account.delegation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One errand a community agent does for a citizen (办理代办).
 *
 * @param id the delegation id
 * @param agentId the agent's account
 * @param citizenId the citizen's account
 * @param region the agent's region when it was asked for
 * @param scopes the scopes the agent may use for the citizen
 * @param duration how long it lasts once approved (at most 24 hours)
 * @param status where it stands
 * @param requestedAt when the agent asked
 * @param approveBefore until when the citizen's approval link works
 * @param approvedAt when the citizen approved, or null
 * @param expiresAt when it ends by itself (set on approval), or null
 * @param endedAt when it was ended early, or null
 * @param endedBy who ended it ({@code citizen}, {@code agent}, {@code admin:<name>}), or null
 * @param actingSid the SSO session in which the agent acts for the citizen, or null
 */
public record Delegation(
        UUID id,
        UUID agentId,
        UUID citizenId,
        String region,
        List<String> scopes,
        Duration duration,
        DelegationStatus status,
        Instant requestedAt,
        Instant approveBefore,
        Instant approvedAt,
        Instant expiresAt,
        Instant endedAt,
        String endedBy,
        String actingSid) {

    /** The longest errand a citizen can approve. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public Delegation {
        scopes = List.copyOf(scopes);
    }

    /** Whether the agent may act for the citizen at this instant. */
    public boolean inForce(Instant now) {
        return this.status == DelegationStatus.ACTIVE && this.expiresAt != null && this.expiresAt.isAfter(now);
    }

    /** Whether the citizen can still approve or refuse it. */
    public boolean awaitingApproval(Instant now) {
        return this.status == DelegationStatus.PENDING && this.approveBefore.isAfter(now);
    }
}
