package cn.yiwang.id.account.deletion;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Account deletion at the citizen's request (PIPL art. 47): a request opens a 15-day cooling-off period
 * in which any sign-in cancels it; after it, {@link #erase} removes the personal data of every module
 * (through their {@link PersonalDataEraser}s) and then the account. What stays, by design: the row of
 * {@code account_deletion} (random account id and dates), the registration consent records (account id,
 * document versions, times: the proof that processing had a legal basis while it lasted), and the audit
 * trail, which names accounts by id only and which the Cybersecurity Law requires us to keep (art. 21,
 * at least six months). None of these holds a name, number or phone once the account is gone.
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class AccountDeletion {

    /** The cooling-off period between the request and the erasure. */
    public static final Duration COOLING_OFF = Duration.ofDays(15);

    private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    private final Supplier<List<PersonalDataEraser>> erasers;

    private final Clock clock;

    @Autowired
    public AccountDeletion(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ObjectProvider<PersonalDataEraser> erasers,
            Optional<Clock> clock) {
        this(jdbc, transactions, () -> erasers.orderedStream().toList(), clock.orElse(Clock.systemUTC()));
    }

    /** With an explicit clock (tests move it past the cooling-off period). */
    public AccountDeletion(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Supplier<List<PersonalDataEraser>> erasers,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.erasers = erasers;
        this.clock = clock;
    }

    /** Opens (or keeps) the cooling-off period; returns when the account will be erased. */
    public Instant request(UUID accountId) {
        Optional<Instant> pending = pendingUntil(accountId);
        if (pending.isPresent()) {
            return pending.get();
        }
        // whole seconds: what is stored is what is returned, whatever the database's precision
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant eraseAfter = now.plus(COOLING_OFF);
        this.transactions.executeWithoutResult((status) -> {
            // a request earlier cancelled left no row; an erased account cannot ask again
            this.jdbc
                    .sql("delete from account_deletion where account_id = ? and state = 'PENDING'")
                    .param(accountId)
                    .update();
            this.jdbc
                    .sql("insert into account_deletion (account_id, requested_at, erase_after, state) "
                            + "values (?, ?, ?, 'PENDING')")
                    .params(accountId, Timestamp.from(now), Timestamp.from(eraseAfter))
                    .update();
        });
        return eraseAfter;
    }

    /** When the account will be erased, while a request is pending. */
    public Optional<Instant> pendingUntil(UUID accountId) {
        return this.jdbc
                .sql("select erase_after from account_deletion where account_id = ? and state = 'PENDING'")
                .param(accountId)
                .query((rs, row) -> rs.getTimestamp("erase_after").toInstant())
                .optional();
    }

    /** Cancels a pending request (a sign-in, or the citizen's own click); true when one was pending. */
    public boolean cancel(UUID accountId) {
        return this.jdbc
                        .sql("delete from account_deletion where account_id = ? and state = 'PENDING'")
                        .param(accountId)
                        .update()
                == 1;
    }

    /** Accounts whose cooling-off period is over, oldest first. */
    public List<UUID> due(int limit) {
        return this.jdbc
                .sql("select account_id from account_deletion where state = 'PENDING' and erase_after <= ? "
                        + "order by erase_after limit ?")
                .params(Timestamp.from(this.clock.instant()), limit)
                .query(UUID.class)
                .list();
    }

    /**
     * Erases a due account: claims it (one node wins), runs every module's eraser, then removes this
     * module's data and the account. False when the account is not due or another node has it.
     */
    public boolean erase(UUID accountId) {
        int claimed = this.jdbc
                .sql("update account_deletion set state = 'ERASING' where account_id = ? and state = 'PENDING' "
                        + "and erase_after <= ?")
                .params(accountId, Timestamp.from(this.clock.instant()))
                .update();
        if (claimed != 1) {
            return false;
        }
        try {
            eraseClaimed(accountId);
        } catch (RuntimeException ex) {
            // given back, so the next round tries again; every eraser is idempotent
            this.jdbc
                    .sql("update account_deletion set state = 'PENDING' where account_id = ? and state = 'ERASING'")
                    .param(accountId)
                    .update();
            throw ex;
        }
        log.info("Account {} erased", accountId);
        return true;
    }

    private void eraseClaimed(UUID accountId) {
        for (PersonalDataEraser eraser : this.erasers.get()) {
            eraser.erase(accountId);
        }
        this.transactions.executeWithoutResult((status) -> {
            for (String table : List.of(
                    "account_recovery_code",
                    "account_totp",
                    "passkey_credential",
                    "passkey_user",
                    "assurance_evidence",
                    "account_identity")) {
                this.jdbc
                        .sql("delete from " + table + " where account_id = ?")
                        .param(accountId)
                        .update();
            }
            this.jdbc.sql("delete from account where id = ?").param(accountId).update();
            this.jdbc
                    .sql("update account_deletion set state = 'ERASED', erased_at = ? where account_id = ?")
                    .params(Timestamp.from(this.clock.instant()), accountId)
                    .update();
        });
    }

    /** Whether the account is erased (its deletion record is all that is left). */
    public boolean isErased(UUID accountId) {
        return this.jdbc
                        .sql("select count(*) from account_deletion where account_id = ? and state = 'ERASED'")
                        .param(accountId)
                        .query(Integer.class)
                        .single()
                > 0;
    }
}
