package cn.yiwang.id.account.passkey;

import java.time.Instant;

/**
 * A passkey as the account center lists it.
 *
 * @param id the credential id, base64url
 * @param label the name the citizen gave it
 * @param createdAt when it was added
 * @param lastUsedAt when it last signed in, or null
 * @param boundLevel the session level in which it was added (1 to 4)
 */
public record PasskeyView(String id, String label, Instant createdAt, Instant lastUsedAt, int boundLevel) {}
