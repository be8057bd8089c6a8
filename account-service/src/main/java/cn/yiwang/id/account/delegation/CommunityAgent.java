package cn.yiwang.id.account.delegation;

import java.time.Instant;
import java.util.UUID;

/**
 * A citizen flagged as community agent (代办员).
 *
 * @param accountId the agent's account
 * @param region the administrative division (GB/T 2260 code) the agent serves
 * @param flaggedBy the administrator who flagged them
 * @param flaggedAt when
 */
public record CommunityAgent(UUID accountId, String region, String flaggedBy, Instant flaggedAt) {}
