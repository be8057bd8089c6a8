package cn.yiwang.id.account.delegation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DelegationTests {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void inForceWhenApprovedAndBeforeExpiryThenTrue() {
        assertThat(delegation(DelegationStatus.ACTIVE, NOW.plusSeconds(60)).inForce(NOW))
                .isTrue();
    }

    @Test
    void inForceWhenDurationRanOutThenFalse() {
        assertThat(delegation(DelegationStatus.ACTIVE, NOW).inForce(NOW)).isFalse();
        assertThat(delegation(DelegationStatus.ACTIVE, NOW.minusSeconds(1)).inForce(NOW))
                .isFalse();
    }

    @Test
    void inForceWhenPendingRefusedOrEndedThenFalse() {
        assertThat(delegation(DelegationStatus.PENDING, null).inForce(NOW)).isFalse();
        assertThat(delegation(DelegationStatus.REFUSED, null).inForce(NOW)).isFalse();
        assertThat(delegation(DelegationStatus.ENDED, NOW.plusSeconds(60)).inForce(NOW))
                .isFalse();
    }

    @Test
    void awaitingApprovalWhenPendingWithinTheWindowThenTrueAfterItFalse() {
        Delegation pending = delegation(DelegationStatus.PENDING, null);
        assertThat(pending.awaitingApproval(NOW)).isTrue();
        assertThat(pending.awaitingApproval(NOW.plus(AgentDelegations.APPROVAL_WINDOW)))
                .isFalse();
    }

    private static Delegation delegation(DelegationStatus status, Instant expiresAt) {
        return new Delegation(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "310101",
                List.of("openid", "profile"),
                Duration.ofHours(2),
                status,
                NOW,
                NOW.plus(AgentDelegations.APPROVAL_WINDOW),
                null,
                expiresAt,
                null,
                null,
                null);
    }
}
