package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.deletion.PersonalDataEraser;
import cn.yiwang.id.account.identity.RealNames;
import cn.yiwang.id.account.identity.UnifiedSocialCreditCodes;
import cn.yiwang.id.account.identity.UsccCheck;
import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers enterprises and keeps them in step with the registry: a real-named citizen (at least L2)
 * declares an enterprise, the {@link EnterpriseRegistry} confirms it exists, is active and has this
 * citizen as legal representative, and the citizen becomes its administrator. A re-check (hourly for
 * enterprises checked more than 24 hours ago, and at sign-in) moves the role when the registry names
 * another representative, and ends every role when the enterprise is no longer active.
 */
@Component
public final class EnterpriseRegistration implements PersonalDataEraser {

    /** How old a registry check may be before it is repeated. */
    public static final Duration RECHECK_AFTER = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(EnterpriseRegistration.class);

    private final EnterpriseRows rows;

    private final ObjectProvider<EnterpriseRegistry> registries;

    private final RealNameRegistry realNames;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    EnterpriseRegistration(
            EnterpriseRows rows,
            ObjectProvider<EnterpriseRegistry> registries,
            RealNameRegistry realNames,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Optional<Clock> clock) {
        this.rows = rows;
        this.registries = registries;
        this.realNames = realNames;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Registers an enterprise for the citizen who declares to be its legal representative. Either the
     * enterprise and the citizen's role are both stored, or nothing is.
     * @param accountId the citizen
     * @param declaration what the citizen entered
     * @return the outcome
     */
    public RegistrationOutcome register(UUID accountId, EnterpriseDeclaration declaration) {
        UsccCheck check = UnifiedSocialCreditCodes.check(declaration.uscc());
        if (!check.isValid()) {
            return new RegistrationOutcome.Invalid(check.problems());
        }
        if (!this.realNames.level(accountId).atLeast(AssuranceLevel.L2)) {
            return new RegistrationOutcome.Refused("level-too-low");
        }
        Optional<VerifiedIdentity> identity = this.realNames.identityOf(accountId);
        String declaredNumber = normaliseNumber(declaration.representativeNumber());
        String declaredName = RealNames.normalise(declaration.representativeName());
        if (identity.isEmpty()
                || !identity.get().number().equalsIgnoreCase(declaredNumber)
                || !RealNames.normalise(identity.get().realName()).equals(declaredName)) {
            // the representative declared is not the citizen declaring: only they may register it
            return new RegistrationOutcome.Refused("not-yourself");
        }
        Optional<EnterpriseRows.StoredEnterprise> stored = this.rows.find(check.code());
        if (stored.isPresent() && stored.get().representative() != null) {
            return new RegistrationOutcome.Refused("already-registered");
        }
        Optional<EnterpriseRegistry> registry = registry();
        if (registry.isEmpty()) {
            return new RegistrationOutcome.Unavailable("no-registry");
        }
        RegistryAnswer answer = registry.get().lookup(check.code());
        if (answer instanceof RegistryAnswer.Unavailable unavailable) {
            return new RegistrationOutcome.Unavailable(unavailable.reason());
        }
        if (!(answer instanceof RegistryAnswer.Found found)) {
            return new RegistrationOutcome.Refused("not-found");
        }
        RegisteredEnterprise enterprise = found.enterprise();
        if (enterprise.status() != EnterpriseStatus.ACTIVE) {
            return new RegistrationOutcome.Refused(enterprise.status().code());
        }
        if (!sameName(enterprise.name(), declaration.name())) {
            return new RegistrationOutcome.Refused("name-mismatch");
        }
        if (!enterprise.representativeNumber().equalsIgnoreCase(declaredNumber)
                || !RealNames.normalise(enterprise.representativeName()).equals(declaredName)) {
            return new RegistrationOutcome.Refused("not-representative");
        }
        Instant now = this.clock.instant();
        UUID memberId = UUID.randomUUID();
        try {
            this.transactions.executeWithoutResult((status) -> {
                if (stored.isPresent()) {
                    this.rows.updateFromRegistry(enterprise, accountId, found.registryId(), found.reference(), now);
                } else {
                    this.rows.insertEnterprise(
                            enterprise,
                            check.organisationTypeZh(),
                            accountId,
                            found.registryId(),
                            found.reference(),
                            now);
                }
                this.rows.insertMember(
                        memberId,
                        enterprise.uscc(),
                        accountId,
                        EnterpriseRole.LEGAL_REPRESENTATIVE,
                        List.of(),
                        "accepted",
                        null,
                        now,
                        null);
            });
        } catch (DuplicateKeyException ex) {
            // another registration of the same code won the race
            return new RegistrationOutcome.Refused("already-registered");
        }
        log.info("Enterprise {} registered by its legal representative (account {})", enterprise.uscc(), accountId);
        return new RegistrationOutcome.Registered(new ActingRole(
                memberId,
                enterprise.uscc(),
                enterprise.name(),
                EnterpriseRole.LEGAL_REPRESENTATIVE,
                BusinessScopes.ALL,
                null));
    }

    /**
     * Asks the registry again about one enterprise and applies what changed.
     * @param uscc a registered enterprise
     * @return what happened
     */
    public RecheckOutcome recheck(String uscc) {
        Optional<EnterpriseRows.StoredEnterprise> stored = this.rows.find(uscc);
        Optional<EnterpriseRegistry> registry = registry();
        if (stored.isEmpty() || registry.isEmpty()) {
            return RecheckOutcome.UNCHANGED;
        }
        RegistryAnswer answer = registry.get().lookup(uscc);
        if (answer instanceof RegistryAnswer.Unavailable) {
            // no answer decides nothing: the roles stay as they are until the registry answers
            return RecheckOutcome.UNAVAILABLE;
        }
        Instant now = this.clock.instant();
        List<EnterpriseRoleEnded> ended = new ArrayList<>();
        RecheckOutcome outcome;
        if (!(answer instanceof RegistryAnswer.Found found)
                || found.enterprise().status() != EnterpriseStatus.ACTIVE) {
            EnterpriseStatus status = (answer instanceof RegistryAnswer.Found found)
                    ? found.enterprise().status()
                    : EnterpriseStatus.INACTIVE;
            this.transactions.executeWithoutResult((tx) -> {
                for (UUID account : this.rows.liveAccounts(uscc)) {
                    ended.add(new EnterpriseRoleEnded(account, uscc, "enterprise-inactive"));
                }
                this.rows.endAll(uscc, "enterprise-inactive", now);
                this.rows.markInactive(uscc, status, now);
            });
            outcome = RecheckOutcome.ENTERPRISE_INACTIVE;
        } else {
            RegisteredEnterprise enterprise = found.enterprise();
            UUID previous = stored.get().representative();
            boolean changed = !stored.get()
                    .representativeIndex()
                    .equals(this.rows.numberIndex(enterprise.representativeNumber()));
            UUID next = changed
                    ? this.realNames
                            .accountWithNumber(enterprise.representativeNumber().toUpperCase(Locale.ROOT))
                            .orElse(null)
                    : previous;
            this.transactions.executeWithoutResult((tx) -> {
                this.rows.updateFromRegistry(enterprise, next, found.registryId(), found.reference(), now);
                if (changed) {
                    if (previous != null
                            && this.rows.endRole(
                                            uscc,
                                            previous,
                                            EnterpriseRole.LEGAL_REPRESENTATIVE,
                                            "representative-changed",
                                            now)
                                    > 0) {
                        ended.add(new EnterpriseRoleEnded(previous, uscc, "representative-changed"));
                    }
                    if (next != null) {
                        // an agent who becomes the representative keeps one row: the representative's
                        if (this.rows.endRole(uscc, next, EnterpriseRole.AGENT, "representative-changed", now) > 0) {
                            ended.add(new EnterpriseRoleEnded(next, uscc, "representative-changed"));
                        }
                        this.rows.insertMember(
                                UUID.randomUUID(),
                                uscc,
                                next,
                                EnterpriseRole.LEGAL_REPRESENTATIVE,
                                List.of(),
                                "accepted",
                                null,
                                now,
                                null);
                    }
                }
            });
            outcome = changed ? RecheckOutcome.REPRESENTATIVE_CHANGED : RecheckOutcome.UNCHANGED;
            if (changed) {
                log.info(
                        "Enterprise {}: the registry names another legal representative; the role moved from {} to {}",
                        uscc,
                        previous,
                        (next != null) ? next : "(no account yet)");
            }
        }
        ended.forEach(this.events::publishEvent);
        return outcome;
    }

    /**
     * Re-checks the enterprises an account acts for whose last check is older than {@link #RECHECK_AFTER}
     * (at sign-in).
     * @param accountId the citizen signing in
     */
    public void recheckStaleOf(UUID accountId) {
        Instant before = this.clock.instant().minus(RECHECK_AFTER);
        for (String uscc : this.rows.enterprisesOf(accountId)) {
            this.rows
                    .find(uscc)
                    .filter((stored) -> stored.status() == EnterpriseStatus.ACTIVE
                            && stored.checkedAt().isBefore(before))
                    .ifPresent((stored) -> recheck(uscc));
        }
    }

    /**
     * Re-checks enterprises whose last check is older than {@link #RECHECK_AFTER} (the hourly job).
     * @param limit at most this many
     * @return how many were checked
     */
    public int recheckStale(int limit) {
        List<String> due = this.rows.checkedBefore(this.clock.instant().minus(RECHECK_AFTER), limit);
        due.forEach(this::recheck);
        return due.size();
    }

    @Override
    public void erase(UUID accountId) {
        this.rows.eraseAccount(accountId, this.clock.instant());
    }

    private Optional<EnterpriseRegistry> registry() {
        // a real registry beats the sandbox when both are configured
        return this.registries
                .orderedStream()
                .min((a, b) -> Boolean.compare(
                        a.id().equals(SandboxEnterpriseRegistry.ID), b.id().equals(SandboxEnterpriseRegistry.ID)));
    }

    private static boolean sameName(String registered, String declared) {
        return normaliseName(registered).equals(normaliseName(declared));
    }

    // full-width brackets and spaces are the usual differences between a typed name and the registered one
    private static String normaliseName(String name) {
        if (name == null) {
            return "";
        }
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC)
                .replaceAll("\\s+", "");
    }

    private static String normaliseNumber(String number) {
        if (number == null) {
            return "";
        }
        return java.text.Normalizer.normalize(number, java.text.Normalizer.Form.NFKC)
                .replaceAll("\\s+", "")
                .toUpperCase(Locale.ROOT);
    }

    /** What a re-check did. */
    public enum RecheckOutcome {
        /** The registry confirmed what was stored. */
        UNCHANGED,
        /** The registry names another legal representative: the role moved. */
        REPRESENTATIVE_CHANGED,
        /** The enterprise is cancelled, unknown or otherwise inactive: every role ended. */
        ENTERPRISE_INACTIVE,
        /** The registry gave no answer: nothing changed. */
        UNAVAILABLE
    }
}
