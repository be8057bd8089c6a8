package cn.yiwang.id.account;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored account; the phone number is only ever exposed masked.
 *
 * @param id the account id (also the partition key at scale)
 * @param username the lower-cased user name, or {@code null} for phone-only accounts
 * @param phoneMasked the masked phone number ({@code 138****5678}), or {@code null}
 * @param passwordHash the password hash with its {@code {id}} prefix
 * @param status the lifecycle state
 * @param createdAt when the account was created
 * @param updatedAt when the row last changed
 * @param passwordChangedAt when the password was last set
 */
public record Account(
        UUID id,
        String username,
        String phoneMasked,
        String passwordHash,
        AccountStatus status,
        Instant createdAt,
        Instant updatedAt,
        Instant passwordChangedAt) {

    /** Leaves the password hash out, so an account in a log line or exception leaks nothing to crack. */
    @Override
    public String toString() {
        return "Account[id=" + this.id + ", username=" + this.username + ", phoneMasked=" + this.phoneMasked
                + ", status=" + this.status + ", createdAt=" + this.createdAt + ", updatedAt=" + this.updatedAt
                + ", passwordChangedAt=" + this.passwordChangedAt + "]";
    }
}
