package cn.yiwang.id.account;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** Creates demo accounts on request (the embedded default); never runs by itself. */
@Component
public final class DemoAccounts {

    private final AccountRepository accounts;

    public DemoAccounts(AccountRepository accounts) {
        this.accounts = accounts;
    }

    /**
     * Creates an active account with this user name and password unless one exists; an existing
     * account is returned unchanged (its password is not reset).
     * @param username the user name
     * @param rawPassword the password for a new account
     * @return the existing or created account
     */
    public Account ensureDemoAccount(String username, String rawPassword) {
        return this.accounts.findByLoginName(username).orElseGet(() -> {
            try {
                return this.accounts.create(new NewAccount(username, null, rawPassword));
            } catch (DuplicateKeyException ex) {
                // another node created it between our look-up and insert
                return this.accounts.findByLoginName(username).orElseThrow(() -> ex);
            }
        });
    }
}
