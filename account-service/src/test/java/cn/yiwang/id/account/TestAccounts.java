package cn.yiwang.id.account;

import java.util.concurrent.ThreadLocalRandom;

/** Unique login names for tests sharing one database and Redis. */
final class TestAccounts {

    private TestAccounts() {}

    /** @return a user name no other test uses */
    static String username() {
        return "user-" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    /** @return a mainland mobile number no other test is likely to use */
    static String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }
}
