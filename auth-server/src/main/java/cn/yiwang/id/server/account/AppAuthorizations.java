package cn.yiwang.id.server.account;

import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.saml.SamlConsents;
import cn.yiwang.id.server.session.SsoSessionRecord;
import cn.yiwang.id.server.session.SsoSessionStore;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * What a citizen allowed apps: the scopes consented to OIDC clients and the attributes consented to
 * SAML service providers, and withdrawing them. A withdrawn OIDC consent also removes the client's
 * authorizations in the citizen's live sessions, so its refresh tokens stop working at once; the app
 * asks again at the next sign-in.
 */
@Component
@DependsOn("authServerFlyway")
public final class AppAuthorizations {

    private final JdbcClient jdbc;

    private final RegisteredClientRepository clients;

    private final OAuth2AuthorizationConsentService consents;

    private final OAuth2AuthorizationService authorizations;

    private final SamlConsents samlConsents;

    private final SsoSessionStore sessions;

    private final AuditLog audit;

    private final Clock clock;

    public AppAuthorizations(
            JdbcClient jdbc,
            RegisteredClientRepository clients,
            OAuth2AuthorizationConsentService consents,
            OAuth2AuthorizationService authorizations,
            SamlConsents samlConsents,
            SsoSessionStore sessions,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.consents = consents;
        this.authorizations = authorizations;
        this.samlConsents = samlConsents;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A consent to an OIDC client.
     * @param clientId the client's id
     * @param clientName its name
     * @param scopes the scopes consented
     * @param grantedAt when first consented
     */
    public record OidcGrant(String clientId, String clientName, List<String> scopes, Instant grantedAt) {}

    /** The account's consents to OIDC clients, newest first. */
    public List<OidcGrant> oidc(String accountId) {
        return this.jdbc
                .sql("SELECT registered_client_id, authorities, granted_at FROM oauth2_authorization_consent "
                        + "WHERE principal_name = ? ORDER BY granted_at DESC")
                .param(accountId)
                .query((rs, row) -> {
                    RegisteredClient client = this.clients.findById(rs.getString("registered_client_id"));
                    OffsetDateTime granted = rs.getObject("granted_at", OffsetDateTime.class);
                    return (client == null)
                            ? null
                            : new OidcGrant(
                                    client.getClientId(),
                                    client.getClientName(),
                                    Arrays.stream(rs.getString("authorities").split(","))
                                            .map(String::trim)
                                            .filter((a) -> a.startsWith("SCOPE_"))
                                            .map((a) -> a.substring("SCOPE_".length()))
                                            .toList(),
                                    (granted != null) ? granted.toInstant() : null);
                })
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The account's consents to SAML service providers. */
    public List<SamlConsents.Granted> saml(String accountId) {
        return this.samlConsents.forAccount(accountId);
    }

    /** Withdraws the consent to an OIDC client and kills its tokens in the live sessions; false when none. */
    public boolean withdrawOidc(String accountId, String clientId) {
        RegisteredClient client = (clientId.length() <= 100) ? this.clients.findByClientId(clientId) : null;
        if (client == null) {
            return false;
        }
        OAuth2AuthorizationConsent consent = this.consents.findById(client.getId(), accountId);
        if (consent == null) {
            return false;
        }
        this.consents.remove(consent);
        int revoked = 0;
        for (SsoSessionRecord live : this.sessions.listForAccount(accountId)) {
            for (Map.Entry<String, String> issued :
                    this.sessions.authorizationsOf(live.session().sid()).entrySet()) {
                if (issued.getValue().equals(clientId)) {
                    OAuth2Authorization authorization = this.authorizations.findById(issued.getKey());
                    if (authorization != null && accountId.equals(authorization.getPrincipalName())) {
                        this.authorizations.remove(authorization);
                        revoked++;
                    }
                }
            }
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "consent.withdrawn",
                "user",
                accountId,
                clientId,
                null,
                "success",
                "authorizations revoked " + revoked));
        return true;
    }

    /** Withdraws every consent to a SAML provider; false when none. */
    public boolean withdrawSaml(String accountId, String entityId) {
        if (entityId.length() > 1024 || !this.samlConsents.withdraw(entityId, accountId)) {
            return false;
        }
        this.audit.record(new AuditEvent(
                this.clock.instant(),
                "saml.consent.withdrawn",
                "user",
                accountId,
                null,
                null,
                "success",
                (entityId.length() <= 900) ? entityId : entityId.substring(0, 900)));
        return true;
    }
}
