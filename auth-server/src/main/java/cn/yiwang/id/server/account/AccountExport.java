package cn.yiwang.id.server.account;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.consent.RegistrationConsents;
import cn.yiwang.id.account.deletion.AccountDeletion;
import cn.yiwang.id.account.enterprise.EnterpriseAuthorisations;
import cn.yiwang.id.account.passkey.Passkeys;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.totp.TotpService;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.server.api.SessionManagement;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A copy of everything Yiwang ID holds about one citizen (PIPL art. 45), as JSON: the account, the
 * identity (in full: it is their own), the evidence behind their level, what they accepted at
 * registration, second factors (never a secret: whether there is one, and passkey names), provincial
 * links, app authorizations, live sessions, the audit trail about them, and a pending deletion.
 * Everything is read by this account's id, so nothing of another citizen can be in it.
 */
@Component
public final class AccountExport {

    private static final int MAX_AUDIT = 10_000;

    private final AccountRepository accounts;

    private final RealNameRegistry realNames;

    private final RegistrationConsents consents;

    private final TotpService totp;

    private final Passkeys passkeys;

    private final AccountLinking linking;

    private final AppAuthorizations apps;

    private final SessionManagement sessions;

    private final AuditLog audit;

    private final AccountDeletion deletion;

    private final JsonMapper json;

    private final Clock clock;

    private final EnterpriseAuthorisations enterprises;

    public AccountExport(
            AccountRepository accounts,
            RealNameRegistry realNames,
            RegistrationConsents consents,
            TotpService totp,
            Passkeys passkeys,
            AccountLinking linking,
            AppAuthorizations apps,
            SessionManagement sessions,
            AuditLog audit,
            AccountDeletion deletion,
            JsonMapper json,
            Clock clock,
            EnterpriseAuthorisations enterprises) {
        this.accounts = accounts;
        this.realNames = realNames;
        this.consents = consents;
        this.totp = totp;
        this.passkeys = passkeys;
        this.linking = linking;
        this.apps = apps;
        this.sessions = sessions;
        this.audit = audit;
        this.deletion = deletion;
        this.json = json;
        this.clock = clock;
        this.enterprises = enterprises;
    }

    public String export(UUID accountId) {
        Account account = this.accounts.findById(accountId).orElseThrow();
        ObjectNode root = this.json.createObjectNode();
        root.put("exportedAt", this.clock.instant().toString());
        root.put("issuer", "Yiwang ID");

        ObjectNode node = root.putObject("account");
        node.put("id", account.id().toString());
        node.put("username", account.username());
        node.put("phoneNumber", this.accounts.phoneNumber(accountId).orElse(null));
        node.put("status", account.status().name());
        node.put("createdAt", account.createdAt().toString());
        node.put("passwordChangedAt", account.passwordChangedAt().toString());

        ObjectNode assurance = root.putObject("assurance");
        assurance.put("level", this.realNames.level(accountId).name());
        this.realNames.identityOf(accountId).ifPresent((identity) -> {
            ObjectNode id = assurance.putObject("identity");
            id.put("documentType", identity.documentType());
            id.put("documentNumber", identity.number());
            id.put("realName", identity.realName());
        });
        ArrayNode evidence = assurance.putArray("evidence");
        this.realNames
                .evidenceOf(accountId)
                .forEach((e) -> evidence.addObject()
                        .put("level", e.level().name())
                        .put("method", e.method())
                        .put("verifier", e.verifier())
                        .put("reference", e.reference())
                        .put("operator", e.operator())
                        .put("verifiedAt", e.verifiedAt().toString()));

        ArrayNode accepted = root.putArray("registrationConsents");
        this.consents
                .forAccount(accountId)
                .forEach((c) -> accepted.addObject()
                        .put("document", c.document())
                        .put("version", c.version())
                        .put("acceptedAt", c.acceptedAt().toString()));

        ObjectNode factors = root.putObject("secondFactors");
        factors.put("authenticatorApp", this.totp.isEnabled(accountId));
        factors.put("recoveryCodesLeft", this.totp.recoveryCodesLeft(accountId));
        ArrayNode keys = factors.putArray("passkeys");
        this.passkeys
                .list(accountId)
                .forEach((k) -> keys.addObject()
                        .put("label", k.label())
                        .put("createdAt", k.createdAt().toString())
                        .put(
                                "lastUsedAt",
                                (k.lastUsedAt() != null) ? k.lastUsedAt().toString() : null));

        ArrayNode links = root.putArray("linkedProvinces");
        this.linking
                .linksOf(accountId)
                .forEach((l) -> links.addObject()
                        .put("identityProvider", l.idpAlias())
                        .put("upstreamSubject", l.upstreamSubject())
                        .put("linkedAt", l.linkedAt().toString())
                        .put("lastLoginAt", l.lastLoginAt().toString()));

        ArrayNode enterpriseRoles = root.putArray("enterprises");
        this.enterprises.actingRoles(accountId).forEach((r) -> {
            ObjectNode role = enterpriseRoles
                    .addObject()
                    .put("uscc", r.uscc())
                    .put("name", r.name())
                    .put("role", r.role().code())
                    .put("expiresAt", (r.expiresAt() != null) ? r.expiresAt().toString() : null);
            ArrayNode scopes = role.putArray("scopes");
            r.scopes().forEach(scopes::add);
        });

        ObjectNode authorizations = root.putObject("appAuthorizations");
        ArrayNode oidc = authorizations.putArray("openIdConnect");
        this.apps.oidc(accountId.toString()).forEach((g) -> {
            ObjectNode grant = oidc.addObject()
                    .put("clientId", g.clientId())
                    .put("clientName", g.clientName())
                    .put("grantedAt", (g.grantedAt() != null) ? g.grantedAt().toString() : null);
            ArrayNode scopes = grant.putArray("scopes");
            g.scopes().forEach(scopes::add);
        });
        ArrayNode saml = authorizations.putArray("saml");
        this.apps
                .saml(accountId.toString())
                .forEach((g) -> saml.addObject()
                        .put("entityId", g.entityId())
                        .put("attribute", g.attribute())
                        .put("grantedAt", g.grantedAt().toString()));

        ArrayNode live = root.putArray("sessions");
        this.sessions.list(accountId.toString(), null).forEach((s) -> {
            ObjectNode session = live.addObject()
                    .put("signedInAt", s.authTime().toString())
                    .put("expiresAt", s.expiresAt().toString())
                    .put("acr", s.acr())
                    .put("address", s.clientIp())
                    .put("browser", s.userAgent());
            ArrayNode clients = session.putArray("apps");
            s.clients().forEach(clients::add);
        });

        ArrayNode trail = root.putArray("auditTrail");
        this.audit
                .forAccount(accountId.toString(), MAX_AUDIT)
                .forEach((e) -> trail.addObject()
                        .put("at", e.occurredAt().toString())
                        .put("event", e.type())
                        .put("actor", e.actor())
                        .put("app", e.clientId())
                        .put("outcome", e.outcome())
                        .put("detail", e.detail()));

        this.deletion
                .pendingUntil(accountId)
                .ifPresent((until) -> root.putObject("deletion").put("erasureAfter", until.toString()));
        return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
