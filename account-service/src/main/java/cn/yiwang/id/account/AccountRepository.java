package cn.yiwang.id.account;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Stores accounts; phone numbers go in encrypted and are found through their blind index. */
public interface AccountRepository {

    /**
     * Finds an account by id.
     * @param id the account id
     * @return the account, or empty
     */
    Optional<Account> findById(UUID id);

    /**
     * Finds an account by what a person typed to sign in: a mainland mobile number (any common
     * formatting, optional {@code +86}) or a user name (case-insensitive).
     * @param loginName the login name as typed
     * @return the account, or empty
     */
    Optional<Account> findByLoginName(String loginName);

    /**
     * Creates an active account, hashing the password and encrypting the phone.
     * @param newAccount the account to create
     * @return the created account
     * @throws IllegalArgumentException when the user name or phone number is not acceptable
     * @throws org.springframework.dao.DuplicateKeyException when the user name or phone is taken
     */
    Account create(NewAccount newAccount);

    /**
     * Changes an account's status.
     * @param id the account id
     * @param status the new status
     * @return whether an account was updated
     */
    boolean updateStatus(UUID id, AccountStatus status);

    /**
     * Changes an account's status only if the row is still the version the caller read (its
     * {@link Account#updatedAt()}): an administrator's lock or unlock never overwrites a change made
     * meanwhile.
     * @param id the account id
     * @param status the new status
     * @param expectedUpdatedAt the {@code updatedAt} the caller read
     * @return whether the account was updated (false: gone or changed meanwhile)
     */
    boolean updateStatusIfUnchanged(UUID id, AccountStatus status, Instant expectedUpdatedAt);

    /**
     * Replaces a password hash with an equivalent one (re-hashing with stronger parameters);
     * does not count as a password change. Compare-and-set, so a concurrent real password change
     * is never overwritten by the re-hash of the old password.
     * @param id the account id
     * @param expectedHash the hash the caller verified the password against
     * @param newHash the new hash, with its {@code {id}} prefix
     * @return whether the hash was replaced
     */
    boolean updatePasswordHash(UUID id, String expectedHash, String newHash);

    /**
     * Sets a new password and records the change time.
     * @param id the account id
     * @param rawPassword the new password in clear
     * @return whether an account was updated
     */
    boolean changePassword(UUID id, String rawPassword);

    /**
     * The account's mobile number in full, decrypted, for release to a client the citizen allowed
     * (scope {@code phone}); never log it.
     * @param id the account id
     * @return the number, or empty when the account has none
     */
    Optional<String> phoneNumber(UUID id);

    /**
     * Replaces the account's mobile number (encrypted, with its blind index).
     * @param id the account id
     * @param phone the new mainland mobile number, any common formatting
     * @return whether an account was updated
     * @throws IllegalArgumentException when the number is not a mainland mobile number
     * @throws org.springframework.dao.DuplicateKeyException when another account has the number
     */
    boolean changePhone(UUID id, String phone);
}
