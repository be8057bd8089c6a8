package cn.yiwang.id.account.search;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.AccountStatus;
import cn.yiwang.id.account.LoginNames;
import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.identity.IdentityDocuments;
import cn.yiwang.id.account.realname.RealNameRegistry;
import cn.yiwang.id.account.realname.VerifiedIdentity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Finds accounts for administrators: by exact user name, or by mobile or ID number through their keyed
 * blind index (PIPL: the plaintext number never reaches the database, and no partial match exists), and
 * changes their status with optimistic locking on the row's version.
 */
@Component
public final class AccountSearch {

    private final AccountRepository accounts;
    private final RealNameRegistry realNames;

    public AccountSearch(AccountRepository accounts, RealNameRegistry realNames) {
        this.accounts = accounts;
        this.realNames = realNames;
    }

    /**
     * Runs a query.
     * @param query what to search by
     * @return the matching account (a list of at most one: every key searched is unique)
     * @throws InvalidAccountQueryException when the query is malformed, with its violations
     */
    public List<AccountMatch> search(AccountQuery query) {
        var violations = query.violations();
        if (!violations.isEmpty()) {
            throw new InvalidAccountQueryException(violations);
        }
        Optional<Account> found;
        if (AccountQuery.present(query.username())) {
            String username = LoginNames.normalise(query.username());
            found = this.accounts.findByLoginName(username).filter((a) -> username.equals(a.username()));
        } else if (AccountQuery.present(query.phone())) {
            found = this.accounts.findByLoginName(
                    LoginNames.mobilePhone(query.phone()).orElseThrow());
        } else {
            found = this.realNames
                    .accountWithNumber(IdentityDocuments.normalise(query.idNumber()))
                    .flatMap(this.accounts::findById);
        }
        return found.map(this::match).stream().toList();
    }

    /**
     * One account, masked.
     * @param id the account id
     * @return the account, or empty
     */
    public Optional<AccountMatch> find(UUID id) {
        return this.accounts.findById(id).map(this::match);
    }

    /**
     * Sets an account's status if it is still at the version the administrator saw.
     * @param id the account id
     * @param status the new status
     * @param expectedVersion the version the administrator saw
     * @return the outcome
     */
    public StatusChange changeStatus(UUID id, AccountStatus status, String expectedVersion) {
        Optional<Account> current = this.accounts.findById(id);
        if (current.isEmpty()) {
            return new StatusChange.Gone();
        }
        if (!version(current.get()).equals(expectedVersion)) {
            return new StatusChange.Stale(match(current.get()));
        }
        if (current.get().status() == status) {
            return new StatusChange.Unchanged(match(current.get()));
        }
        if (!this.accounts.updateStatusIfUnchanged(id, status, current.get().updatedAt())) {
            return this.accounts
                    .findById(id)
                    .<StatusChange>map((a) -> new StatusChange.Stale(match(a)))
                    .orElseGet(StatusChange.Gone::new);
        }
        return new StatusChange.Changed(
                current.get().status(),
                this.accounts.findById(id).map(this::match).orElseThrow());
    }

    /** What a status change did. */
    public sealed interface StatusChange {

        /** The status changed from {@code from}; {@code now} is the account after. */
        record Changed(AccountStatus from, AccountMatch now) implements StatusChange {}

        /** The account already had the status. */
        record Unchanged(AccountMatch now) implements StatusChange {}

        /** Someone changed the account since the version given; {@code now} is what it is. */
        record Stale(AccountMatch now) implements StatusChange {}

        /** No such account. */
        record Gone() implements StatusChange {}
    }

    private AccountMatch match(Account account) {
        Optional<VerifiedIdentity> identity = this.realNames.identityOf(account.id());
        return new AccountMatch(
                account.id(),
                account.username(),
                account.phoneMasked(),
                identity.map(VerifiedIdentity::maskedNumber).orElse(null),
                identity.map((i) -> Masking.name(i.realName())).orElse(null),
                account.status(),
                this.realNames.level(account.id()),
                account.createdAt(),
                version(account));
    }

    // microseconds of the last change: the database keeps no finer time, and every change moves it
    static String version(Account account) {
        Instant updated = account.updatedAt();
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, updated));
    }
}
