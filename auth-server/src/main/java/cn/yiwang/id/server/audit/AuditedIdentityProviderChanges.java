package cn.yiwang.id.server.audit;

import cn.yiwang.id.federation.registry.IdentityProviderAudit;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** Administrators' changes to the provincial identity providers, in the audit trail ({@code idp.*}). */
@Component
public final class AuditedIdentityProviderChanges implements IdentityProviderAudit {

    private final AuditLog audit;
    private final Clock clock;

    public AuditedIdentityProviderChanges(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void changed(String type, String alias, String actor, String detail) {
        this.audit.record(new AuditEvent(
                this.clock.instant(), type, actor, null, null, null, "success", "idp " + alias + ": " + detail));
    }
}
