package cn.yiwang.id.server.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The audit trail in PostgreSQL (table {@code audit_event}, owned by auth-server). */
@Component
@DependsOn("authServerFlyway")
public final class JdbcAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

    private final JdbcClient jdbc;

    public JdbcAuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(AuditEvent event) {
        try {
            this.jdbc
                    .sql("INSERT INTO audit_event (occurred_at, event_type, actor, account_id, client_id, session_id, "
                            + "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            Timestamp.from(event.occurredAt()),
                            event.type(),
                            truncate(event.actor(), 128),
                            event.accountId(),
                            event.clientId(),
                            event.sessionId(),
                            event.outcome(),
                            truncate(event.detail(), 1000))
                    .update();
        } catch (DataAccessException ex) {
            // An audit write must not turn a logout into an error page; the log line keeps the trace.
            log.error(
                    "Audit event {} {} for session {} could not be stored: {}",
                    event.type(),
                    event.outcome(),
                    event.sessionId(),
                    ex.getMessage());
        }
    }

    @Override
    public List<AuditEvent> forSession(String sessionId) {
        return this.jdbc
                .sql("SELECT * FROM audit_event WHERE session_id = ? ORDER BY id")
                .param(sessionId)
                .query(JdbcAuditLog::map)
                .list();
    }

    @Override
    public List<AuditEvent> forAccount(String accountId, int limit) {
        return this.jdbc
                .sql("SELECT * FROM audit_event WHERE account_id = ? ORDER BY id DESC LIMIT ?")
                .params(accountId, limit)
                .query(JdbcAuditLog::map)
                .list();
    }

    private static AuditEvent map(ResultSet row, int index) throws SQLException {
        return new AuditEvent(
                row.getTimestamp("occurred_at").toInstant(),
                row.getString("event_type"),
                row.getString("actor"),
                row.getString("account_id"),
                row.getString("client_id"),
                row.getString("session_id"),
                row.getString("outcome"),
                row.getString("detail"));
    }

    private static String truncate(String value, int max) {
        return (value == null || value.length() <= max) ? value : value.substring(0, max);
    }
}
