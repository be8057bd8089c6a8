package cn.yiwang.id.server.audit;

import java.time.Instant;

/**
 * An audit row as every output shows it: identifiers in free text masked, with its place in the chain.
 *
 * @param seq its place in the chain ({@code null} for a row outside it)
 * @param occurredAt when
 * @param action the event type
 * @param actor who
 * @param accountId the account concerned
 * @param clientId the client concerned
 * @param sessionId the session concerned
 * @param outcome the outcome
 * @param detail the detail, masked
 * @param hash the row's chain hash
 */
public record AuditEventView(
        Long seq,
        Instant occurredAt,
        String action,
        String actor,
        String accountId,
        String clientId,
        String sessionId,
        String outcome,
        String detail,
        String hash) {

    static AuditEventView of(ChainedAuditEvent row) {
        AuditEvent event = row.event();
        return new AuditEventView(
                row.seq(),
                event.occurredAt(),
                event.type(),
                AuditMasking.mask(event.actor()),
                event.accountId(),
                event.clientId(),
                event.sessionId(),
                event.outcome(),
                AuditMasking.mask(event.detail()),
                row.hash());
    }
}
