package cn.yiwang.id.server.audit;

import java.time.Instant;

/**
 * One security-relevant action.
 *
 * @param occurredAt when it happened
 * @param type what happened, e.g. {@code session.ended}, {@code logout.backchannel}
 * @param actor who did it: {@code user}, {@code admin:<name>}, {@code system}, or a client id
 * @param accountId the account concerned, by id only
 * @param clientId the relying party concerned
 * @param sessionId the SSO session concerned (its public {@code sid})
 * @param outcome e.g. {@code success}, {@code delivered}, {@code failed}
 * @param detail a short, non-sensitive explanation
 */
public record AuditEvent(
        Instant occurredAt,
        String type,
        String actor,
        String accountId,
        String clientId,
        String sessionId,
        String outcome,
        String detail) {}
