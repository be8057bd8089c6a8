package cn.yiwang.id.server.account;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.password.LoginOutcome;
import cn.yiwang.id.account.password.PasswordAuthenticator;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Asks a signed-in citizen for their password again before something that cannot be undone (turning
 * off two-step sign-in, deleting the account), through the same check and throttle as signing in.
 */
@Component
public final class Reauthentication {

    /** The answer. */
    public enum Outcome {
        CONFIRMED,
        WRONG,
        THROTTLED
    }

    private final AccountRepository accounts;

    private final PasswordAuthenticator authenticator;

    public Reauthentication(AccountRepository accounts, PasswordAuthenticator authenticator) {
        this.accounts = accounts;
        this.authenticator = authenticator;
    }

    public Outcome check(UUID accountId, String password) {
        if (password == null || password.isEmpty() || password.length() > 256) {
            return Outcome.WRONG;
        }
        Optional<Account> account = this.accounts.findById(accountId);
        Optional<String> loginName = account.flatMap(
                (a) -> (a.username() != null) ? Optional.of(a.username()) : this.accounts.phoneNumber(accountId));
        if (loginName.isEmpty()) {
            return Outcome.WRONG;
        }
        LoginOutcome outcome = this.authenticator.authenticate(loginName.get(), password);
        if (outcome instanceof LoginOutcome.Succeeded succeeded) {
            return succeeded.account().id().equals(accountId) ? Outcome.CONFIRMED : Outcome.WRONG;
        }
        return (outcome instanceof LoginOutcome.Throttled) ? Outcome.THROTTLED : Outcome.WRONG;
    }
}
