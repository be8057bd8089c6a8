package cn.yiwang.id.server.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the audit trail for administrators: filtered pages and exports, newest first, always masked. */
@Component
public final class AuditTrail {

    private final JdbcClient jdbc;

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page of rows.
     *
     * @param items the rows, newest first
     * @param page the page, from 0
     * @param size rows per page
     * @param total how many rows match
     */
    public record Page(List<AuditEventView> items, int page, int size, long total) {}

    /**
     * @param query the filters and page
     * @return the page
     */
    public Page page(AuditQuery query) {
        Where where = where(query);
        long total = this.jdbc
                .sql("SELECT count(*) FROM audit_event" + where.sql())
                .params(where.params())
                .query(Long.class)
                .single();
        List<Object> params = new ArrayList<>(where.params());
        params.add(query.size());
        params.add((long) query.page() * query.size());
        List<AuditEventView> items = this.jdbc
                .sql("SELECT * FROM audit_event" + where.sql() + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(params)
                .query(JdbcAuditLog::chained)
                // list(), not stream(): a query's stream holds its connection until closed
                .list()
                .stream()
                .map(AuditEventView::of)
                .toList();
        return new Page(items, query.page(), query.size(), total);
    }

    /**
     * Every matching row up to a limit, oldest first, one at a time.
     * @param query the filters (the page is ignored)
     * @param limit the most rows
     * @param sink takes each row
     */
    public void export(AuditQuery query, int limit, Consumer<AuditEventView> sink) {
        Where where = where(query);
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        this.jdbc
                .sql("SELECT * FROM audit_event" + where.sql() + " ORDER BY occurred_at, id LIMIT ?")
                .params(params)
                .query((java.sql.ResultSet row) -> sink.accept(AuditEventView.of(JdbcAuditLog.chained(row, 0))));
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(AuditQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (query.from() != null) {
            conditions.add("occurred_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            conditions.add("occurred_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        if (query.actor() != null) {
            conditions.add("actor = ?");
            params.add(query.actor());
        }
        if (query.action() != null) {
            conditions.add("event_type = ?");
            params.add(query.action());
        }
        if (query.target() != null) {
            conditions.add("(account_id = ? OR client_id = ? OR session_id = ?)");
            params.add(query.target());
            params.add(query.target());
            params.add(query.target());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
    }
}
