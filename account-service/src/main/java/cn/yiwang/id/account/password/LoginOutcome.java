package cn.yiwang.id.account.password;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountStatus;
import java.time.Duration;

/** The result of a password login attempt. */
public sealed interface LoginOutcome
        permits LoginOutcome.Succeeded, LoginOutcome.Rejected, LoginOutcome.Throttled, LoginOutcome.Unavailable {

    /**
     * Name and password matched an active account.
     * @param account the account, with its password hash as stored after any upgrade
     */
    record Succeeded(Account account) implements LoginOutcome {}

    /** Bad login name or password; deliberately the same for both so accounts cannot be enumerated. */
    record Rejected() implements LoginOutcome {}

    /**
     * Too many failures for this login name; the password was not checked.
     * @param retryAfter how long until the next attempt is accepted
     */
    record Throttled(Duration retryAfter) implements LoginOutcome {}

    /**
     * The password was correct but the account may not sign in.
     * @param status {@link AccountStatus#LOCKED} or {@link AccountStatus#DISABLED}
     */
    record Unavailable(AccountStatus status) implements LoginOutcome {}
}
