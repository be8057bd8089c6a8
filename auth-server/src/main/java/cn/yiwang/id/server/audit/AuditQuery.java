package cn.yiwang.id.server.audit;

import java.time.Instant;

/**
 * Which audit rows to read: every filter is optional.
 *
 * @param from on or after this instant
 * @param to before this instant
 * @param actor exactly this actor, e.g. {@code admin:secadmin}
 * @param action exactly this event type, e.g. {@code keys.rotated}
 * @param target the account, client or session concerned (any of the three)
 * @param page the page, from 0
 * @param size rows per page
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, String target, int page, int size) {}
