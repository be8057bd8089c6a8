package cn.yiwang.id.server.audit;

import java.util.List;

/** Where audit events go, and how the recent ones of an account or session are read back. */
public interface AuditLog {

    void record(AuditEvent event);

    List<AuditEvent> forSession(String sessionId);

    List<AuditEvent> forAccount(String accountId, int limit);
}
