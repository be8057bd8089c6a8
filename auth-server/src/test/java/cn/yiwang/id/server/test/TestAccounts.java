package cn.yiwang.id.server.test;

import cn.yiwang.id.account.Account;
import cn.yiwang.id.account.AccountRepository;
import cn.yiwang.id.account.NewAccount;
import java.util.UUID;

/** Creates a fresh account per test, so tests never share throttling counters or sessions. */
public final class TestAccounts {

    public static final String PASSWORD = "Correct-Horse-42!";

    private TestAccounts() {}

    public static Account create(AccountRepository accounts) {
        String username = "it-" + UUID.randomUUID().toString().substring(0, 12);
        return accounts.create(new NewAccount(username, null, PASSWORD));
    }
}
