package cn.yiwang.id.server.account;

import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.session.SsoSignedIn;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A sign-in during the cooling-off period cancels the account's deletion: the citizen is back. */
@Component
public final class DeletionCancelledBySignIn {

    private final AccountDeletion deletion;

    private final AuditLog audit;

    private final Clock clock;

    public DeletionCancelledBySignIn(AccountDeletion deletion, AuditLog audit, Clock clock) {
        this.deletion = deletion;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    public void signedIn(SsoSignedIn event) {
        if (this.deletion.cancel(UUID.fromString(event.session().accountId()))) {
            this.audit.record(new AuditEvent(
                    this.clock.instant(),
                    "account.deletion.cancelled",
                    "user",
                    event.session().accountId(),
                    null,
                    event.session().sid(),
                    "success",
                    "signed in during the cooling-off period"));
        }
    }
}
