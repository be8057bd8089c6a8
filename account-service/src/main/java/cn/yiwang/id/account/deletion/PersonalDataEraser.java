package cn.yiwang.id.account.deletion;

import java.util.UUID;

/**
 * What another module does when an account is erased: remove (or pseudonymise) the personal data it
 * holds about the account. Called before the account itself goes, so the account can still be read;
 * must be idempotent (an erasure interrupted half-way is run again).
 */
@FunctionalInterface
public interface PersonalDataEraser {

    void erase(UUID accountId);
}
