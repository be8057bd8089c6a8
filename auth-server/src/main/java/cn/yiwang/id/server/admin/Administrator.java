package cn.yiwang.id.server.admin;

import cn.yiwang.id.server.permission.AdminPermission;
import cn.yiwang.id.server.permission.AdminRole;
import java.time.Instant;
import java.util.Set;

/**
 * One administrator of the console: a person with exactly one role.
 *
 * @param username the sign-in name, also the administrator's name in the audit trail
 * @param displayName how the console shows the person
 * @param role the one role held
 * @param passwordHash the password hash (Argon2id, {@code {argon2}...})
 * @param totpSecretEncrypted the authenticator secret (base32), encrypted with the sensitive-data keys; null
 *     before enrolment
 * @param totpEnrolled whether the authenticator is enrolled; false forces enrolment at the next sign-in
 * @param totpLastStep the last TOTP time step accepted (a code is accepted once)
 * @param failedAttempts wrong passwords or codes since the last successful sign-in
 * @param lockedUntil sign-in refused until then; null when not locked
 * @param enabled false once disabled: no sign-in, no session
 * @param version optimistic-locking version, the admin API's ETag
 * @param createdAt when the administrator was created
 * @param createdBy who created it: an administrator's name, {@code bootstrap} or {@code demo}
 * @param updatedAt the last change
 */
public record Administrator(
        String username,
        String displayName,
        AdminRole role,
        String passwordHash,
        String totpSecretEncrypted,
        boolean totpEnrolled,
        long totpLastStep,
        int failedAttempts,
        Instant lockedUntil,
        boolean enabled,
        int version,
        Instant createdAt,
        String createdBy,
        Instant updatedAt) {

    /** What the role allows. */
    public Set<AdminPermission> permissions() {
        return this.role.permissions();
    }

    /** Whether sign-in is refused at that instant because of too many failures. */
    public boolean lockedAt(Instant now) {
        return this.lockedUntil != null && this.lockedUntil.isAfter(now);
    }

    /** Leaves the hash and the secret out of logs. */
    @Override
    public String toString() {
        return "Administrator[username=" + this.username + ", role=" + this.role + ", enabled=" + this.enabled
                + ", version=" + this.version + "]";
    }
}
