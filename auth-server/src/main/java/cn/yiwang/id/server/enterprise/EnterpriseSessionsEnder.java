package cn.yiwang.id.server.enterprise;

import cn.yiwang.id.account.enterprise.EnterpriseRoleEnded;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;

/**
 * Ends, at once, what a citizen holds acting for an enterprise they may no longer act for: every
 * authorization whose tokens carry that enterprise is removed, so its refresh token is refused and its
 * access token introspects inactive (RFC 7662) and no longer reaches userinfo. The citizen's personal
 * sessions and tokens stay.
 */
@Component
public final class EnterpriseSessionsEnder {

    private static final Logger log = LoggerFactory.getLogger(EnterpriseSessionsEnder.class);

    private final EnterpriseChoices choices;

    private final OAuth2AuthorizationService authorizations;

    private final AuditLog audit;

    private final Clock clock;

    public EnterpriseSessionsEnder(
            EnterpriseChoices choices,
            OAuth2AuthorizationService authorizations,
            AuditLog audit,
            Optional<Clock> clock) {
        this.choices = choices;
        this.authorizations = authorizations;
        this.audit = audit;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @EventListener
    public void onRoleEnded(EnterpriseRoleEnded ended) {
        int removed = 0;
        for (String id : this.choices.takeAuthorizations(ended.accountId().toString(), ended.uscc())) {
            OAuth2Authorization authorization = this.authorizations.findById(id);
            if (authorization != null) {
                this.authorizations.remove(authorization);
                removed++;
            }
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "enterprise.role-ended",
                "system",
                ended.accountId().toString(),
                null,
                null,
                "success",
                "enterprise " + ended.uscc() + ": " + ended.reason() + "; " + removed + " authorizations ended"));
        log.info(
                "Account {} may no longer act for enterprise {} ({}): {} authorizations ended",
                ended.accountId(),
                ended.uscc(),
                ended.reason(),
                removed);
    }
}
