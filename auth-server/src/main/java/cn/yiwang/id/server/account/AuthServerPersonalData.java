package cn.yiwang.id.server.account;

import cn.yiwang.id.account.deletion.PersonalDataEraser;
import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.logout.BackChannelLogoutSender;
import cn.yiwang.id.server.logout.ClientLogoutSettings;
import cn.yiwang.id.server.logout.LogoutTokenFactory;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * What the auth-server does when an account is erased: its live sessions end with the usual logout
 * fan-out; every relying party it ever used or consented to that has a back-channel logout URI gets a
 * logout token naming the subject alone (Back-Channel Logout 1.0 §2.4: all of its sessions, whatever the
 * sid), so no app keeps a session of a deleted account; its consents (OIDC and SAML) are deleted. The
 * audit trail stays: it names the account by its random id only, and must be kept (see AccountDeletion).
 */
@Component
public final class AuthServerPersonalData implements PersonalDataEraser {

    private static final Logger log = LoggerFactory.getLogger(AuthServerPersonalData.class);

    private final JdbcClient jdbc;

    private final SessionManagement sessions;

    private final RegisteredClientRepository clients;

    private final LogoutTokenFactory logoutTokens;

    private final BackChannelLogoutSender sender;

    private final AuditLog audit;

    private final Clock clock;

    public AuthServerPersonalData(
            JdbcClient jdbc,
            SessionManagement sessions,
            RegisteredClientRepository clients,
            LogoutTokenFactory logoutTokens,
            BackChannelLogoutSender sender,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.clients = clients;
        this.logoutTokens = logoutTokens;
        this.sender = sender;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void erase(UUID accountId) {
        String subject = accountId.toString();
        this.sessions.endAll(subject, "system", "account-erased");
        Set<String> notified = new LinkedHashSet<>();
        for (String clientId : relyingParties(subject)) {
            RegisteredClient client = this.clients.findByClientId(clientId);
            if (client == null) {
                continue;
            }
            ClientLogoutSettings logout = ClientLogoutSettings.of(client);
            if (logout.backChannelUri() == null) {
                continue;
            }
            try {
                this.sender.send(new BackChannelLogoutSender.Delivery(
                        clientId,
                        URI.create(logout.backChannelUri()),
                        this.logoutTokens.create(client, subject, null),
                        subject,
                        null));
                notified.add(clientId);
            } catch (RuntimeException ex) {
                log.error("Could not tell client {} of an account erasure: {}", clientId, ex.getMessage());
            }
        }
        this.jdbc
                .sql("DELETE FROM oauth2_authorization_consent WHERE principal_name = ?")
                .param(subject)
                .update();
        this.jdbc
                .sql("DELETE FROM saml_consent WHERE account_id = ?")
                .param(subject)
                .update();
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "account.erased",
                "system",
                subject,
                null,
                null,
                "success",
                "relying parties notified " + notified.size()));
    }

    /** Every OIDC client the account consented to or signed in to, as the consents and audit trail know. */
    private Set<String> relyingParties(String subject) {
        Set<String> clientIds = new LinkedHashSet<>(this.jdbc
                .sql("SELECT DISTINCT client_id FROM audit_event WHERE account_id = ? AND client_id IS NOT NULL")
                .param(subject)
                .query(String.class)
                .list());
        this.jdbc
                .sql("SELECT registered_client_id FROM oauth2_authorization_consent WHERE principal_name = ?")
                .param(subject)
                .query(String.class)
                .list()
                .forEach((id) -> {
                    RegisteredClient client = this.clients.findById(id);
                    if (client != null) {
                        clientIds.add(client.getClientId());
                    }
                });
        return clientIds;
    }
}
