package cn.yiwang.id.server.api;

import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.search.AccountMatch;
import cn.yiwang.id.account.search.AccountQuery;
import cn.yiwang.id.account.search.AccountSearch;
import cn.yiwang.id.account.search.AccountSearch.StatusChange;
import cn.yiwang.id.federation.linking.AccountLinking;
import cn.yiwang.id.federation.linking.IdentityLink;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * What administrators do with citizen accounts, for the admin API and the console alike: search
 * (masked, through the blind index), read the detail (level, federated links, live sessions), lock,
 * unlock and end sessions. Locking ends every session, which removes the authorizations issued in them,
 * so the account's refresh tokens stop working too; every action is audited with the administrator.
 */
@Service
public final class AccountAdministration {

    private final AccountSearch search;
    private final AccountLinking links;
    private final SessionManagement sessions;
    private final AuditLog audit;
    private final Clock clock;

    public AccountAdministration(
            AccountSearch search, AccountLinking links, SessionManagement sessions, AuditLog audit) {
        this.search = search;
        this.links = links;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** An account with what an administrator needs to decide about it. */
    public record AccountDetail(AccountMatch account, List<LinkView> links, List<SessionView> sessions) {}

    /** A federated link as administrators see it: the upstream subject stays inside. */
    public record LinkView(String idpAlias, Instant linkedAt, Instant lastLoginAt) {

        static LinkView of(IdentityLink link) {
            return new LinkView(link.idpAlias(), link.linkedAt(), link.lastLoginAt());
        }
    }

    /** Accounts matching a query, masked; see {@link AccountSearch#search}. */
    public List<AccountMatch> search(AccountQuery query) {
        return this.search.search(query);
    }

    public Optional<AccountMatch> find(UUID id) {
        return this.search.find(id);
    }

    public Optional<AccountDetail> detail(UUID id) {
        return this.search
                .find(id)
                .map((account) -> new AccountDetail(
                        account,
                        this.links.linksOf(id).stream().map(LinkView::of).toList(),
                        this.sessions.list(id.toString(), null)));
    }

    /**
     * Locks the account at the version the administrator saw, then ends its sessions.
     * @param actor {@code admin:<name>}
     */
    public StatusChange lock(UUID id, String expectedVersion, String actor) {
        StatusChange change = this.search.changeStatus(id, AccountStatus.LOCKED, expectedVersion);
        if (change instanceof StatusChange.Changed || change instanceof StatusChange.Unchanged) {
            // also when it was already locked: a session that slipped in before the lock must not survive it
            int ended = this.sessions.endAll(id.toString(), actor, "account-locked");
            record("account.locked", actor, id, change, "sessions ended " + ended);
        }
        return change;
    }

    /** Unlocks the account at the version the administrator saw. */
    public StatusChange unlock(UUID id, String expectedVersion, String actor) {
        StatusChange change = this.search.changeStatus(id, AccountStatus.ACTIVE, expectedVersion);
        if (change instanceof StatusChange.Changed) {
            record("account.unlocked", actor, id, change, null);
        }
        return change;
    }

    /** Ends every session of the account; returns how many. */
    public int endSessions(UUID id, String actor) {
        return this.sessions.endAll(id.toString(), actor, "admin");
    }

    private void record(String type, String actor, UUID id, StatusChange change, String detail) {
        String outcome = (change instanceof StatusChange.Changed) ? "success" : "unchanged";
        this.audit.record(
                new AuditEvent(this.clock.instant(), type, actor, id.toString(), null, null, outcome, detail));
    }
}
