package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.identity.IdentityDocumentType;
import cn.yiwang.id.account.identity.IdentityDocuments;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Who may act for an enterprise: the legal representative authorises real-named citizens (经办人), found
 * by phone number or ID number through their blind index, with business scopes and an expiry; the
 * person accepts in their account center; the representative revokes at any time. Ending an
 * authorisation (revoked or expired) publishes {@link EnterpriseRoleEnded}, so the sessions acting on it
 * end at once.
 */
@Component
public final class EnterpriseAuthorisations {

    /** The longest authorisation a representative may give. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(366);

    private static final Logger log = LoggerFactory.getLogger(EnterpriseAuthorisations.class);

    private final EnterpriseRows rows;

    private final AccountRepository accounts;

    private final RealNameRegistry realNames;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    EnterpriseAuthorisations(
            EnterpriseRows rows,
            AccountRepository accounts,
            RealNameRegistry realNames,
            ApplicationEventPublisher events,
            Optional<Clock> clock) {
        this.rows = rows;
        this.accounts = accounts;
        this.realNames = realNames;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * The enterprises a citizen may act for now: accepted, unexpired, the enterprise active.
     * @param accountId the citizen
     * @return the roles, by enterprise name
     */
    public List<ActingRole> actingRoles(UUID accountId) {
        return this.rows.actingRoles(accountId, this.clock.instant());
    }

    /**
     * The citizen's role for one enterprise, if they may act for it now.
     * @param accountId the citizen
     * @param uscc the enterprise
     * @return the role, or empty
     */
    public Optional<ActingRole> actingRole(UUID accountId, String uscc) {
        return actingRoles(accountId).stream()
                .filter((role) -> role.uscc().equals(uscc))
                .findFirst();
    }

    /**
     * Authorises a citizen as an agent of the enterprise.
     * @param representative the legal representative giving it
     * @param uscc the enterprise
     * @param phoneOrIdNumber the agent's mobile phone number or resident ID number
     * @param scopes business scopes, from {@link BusinessScopes#ALL}
     * @param expiresAt when it ends; after now and within {@link #MAX_VALIDITY}
     * @return the outcome
     */
    public AuthoriseOutcome authorise(
            UUID representative, String uscc, String phoneOrIdNumber, Collection<String> scopes, Instant expiresAt) {
        Instant now = this.clock.instant();
        if (actingRole(representative, uscc)
                .filter((role) -> role.role() == EnterpriseRole.LEGAL_REPRESENTATIVE)
                .isEmpty()) {
            return AuthoriseOutcome.NOT_REPRESENTATIVE;
        }
        if (scopes.isEmpty() || !BusinessScopes.allKnown(scopes)) {
            return AuthoriseOutcome.BAD_SCOPES;
        }
        if (expiresAt == null || !expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_VALIDITY))) {
            return AuthoriseOutcome.BAD_EXPIRY;
        }
        Optional<UUID> agent = find(phoneOrIdNumber);
        if (agent.isEmpty() || !this.realNames.level(agent.get()).atLeast(AssuranceLevel.L2)) {
            // the same answer for "no account" and "not real-named": the form must not tell who has an account
            return AuthoriseOutcome.NO_SUCH_CITIZEN;
        }
        if (agent.get().equals(representative)) {
            return AuthoriseOutcome.SELF;
        }
        // a new authorisation replaces any earlier one of the same person
        this.rows.agents(uscc).stream()
                .filter((row) -> row.account().equals(agent.get()) && !"revoked".equals(row.state()))
                .forEach((row) -> end(row, "replaced"));
        this.rows.insertMember(
                UUID.randomUUID(),
                uscc,
                agent.get(),
                EnterpriseRole.AGENT,
                BusinessScopes.known(scopes),
                "offered",
                representative,
                now,
                expiresAt);
        log.info("Enterprise {}: agent account {} authorised by {}", uscc, agent.get(), representative);
        return AuthoriseOutcome.OFFERED;
    }

    /**
     * Authorisations offered to a citizen and not yet answered.
     * @param accountId the citizen
     * @return the offers
     */
    public List<Authorisation> offers(UUID accountId) {
        return this.rows.offers(accountId, this.clock.instant()).stream()
                .map(this::view)
                .toList();
    }

    /**
     * The agents of an enterprise, for its legal representative.
     * @param representative who asks; must be the legal representative
     * @param uscc the enterprise
     * @return the authorisations, newest first; empty when the asker is not the representative
     */
    public List<Authorisation> agents(UUID representative, String uscc) {
        if (actingRole(representative, uscc)
                .filter((role) -> role.role() == EnterpriseRole.LEGAL_REPRESENTATIVE)
                .isEmpty()) {
            return List.of();
        }
        return this.rows.agents(uscc).stream().map(this::view).toList();
    }

    /**
     * The citizen accepts an offered authorisation.
     * @param accountId the citizen
     * @param id the authorisation
     * @return whether it was an open offer to this citizen
     */
    public boolean accept(UUID accountId, UUID id) {
        return this.rows
                        .member(id)
                        .filter((row) ->
                                row.expiresAt() == null || row.expiresAt().isAfter(this.clock.instant()))
                        .isPresent()
                && this.rows.accept(id, accountId);
    }

    /**
     * Ends an authorisation: by the enterprise's legal representative, or by the agent (declining or
     * giving it up).
     * @param accountId who ends it
     * @param id the authorisation
     * @return the ended authorisation, or empty when it was not theirs to end or already ended
     */
    public Optional<Authorisation> revoke(UUID accountId, UUID id) {
        Optional<EnterpriseRows.MemberRow> row = this.rows
                .member(id)
                .filter((member) -> member.role() == EnterpriseRole.AGENT)
                .filter((member) -> member.account().equals(accountId)
                        || actingRole(accountId, member.uscc())
                                .filter((role) -> role.role() == EnterpriseRole.LEGAL_REPRESENTATIVE)
                                .isPresent());
        if (row.isEmpty() || !end(row.get(), "revoked")) {
            return Optional.empty();
        }
        return row.map(this::view);
    }

    /**
     * Ends every authorisation whose expiry has passed (the periodic job).
     * @return how many ended
     */
    public int expireDue() {
        int ended = 0;
        for (EnterpriseRows.MemberRow row : this.rows.expired(this.clock.instant())) {
            if (end(row, "expired")) {
                ended++;
            }
        }
        return ended;
    }

    private boolean end(EnterpriseRows.MemberRow row, String reason) {
        if (!this.rows.endMember(row.id(), reason, this.clock.instant())) {
            return false;
        }
        if ("accepted".equals(row.state())) {
            this.events.publishEvent(new EnterpriseRoleEnded(row.account(), row.uscc(), reason));
        }
        return true;
    }

    private Optional<UUID> find(String phoneOrIdNumber) {
        if (phoneOrIdNumber == null || phoneOrIdNumber.isBlank()) {
            return Optional.empty();
        }
        if (LoginNames.mobilePhone(phoneOrIdNumber).isPresent()) {
            return this.accounts.findByLoginName(phoneOrIdNumber).map(Account::id);
        }
        var check = IdentityDocuments.check(
                IdentityDocumentType.RESIDENT_ID_CARD, phoneOrIdNumber, LocalDate.now(this.clock));
        return check.isValid() ? this.realNames.accountWithNumber(check.number()) : Optional.empty();
    }

    private Authorisation view(EnterpriseRows.MemberRow row) {
        String name = this.realNames
                .identityOf(row.account())
                .map((identity) -> Masking.name(identity.realName()))
                .orElse("");
        return new Authorisation(
                row.id(), row.uscc(), row.enterpriseName(), name, row.scopes(), row.state(), row.expiresAt());
    }

    /** What came of an authorisation. */
    public enum AuthoriseOutcome {
        /** Offered: the person accepts it in their account center. */
        OFFERED,
        /** Only the legal representative may authorise. */
        NOT_REPRESENTATIVE,
        /** No scope, or an unknown one. */
        BAD_SCOPES,
        /** The expiry is in the past or too far away. */
        BAD_EXPIRY,
        /** No real-named citizen with this phone or ID number. */
        NO_SUCH_CITIZEN,
        /** The representative cannot authorise themselves. */
        SELF
    }
}
