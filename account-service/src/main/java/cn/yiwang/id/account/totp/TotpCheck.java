package cn.yiwang.id.account.totp;

/** The answer to a TOTP or recovery code. */
public sealed interface TotpCheck {

    /** The code was right and is now used up. */
    record Accepted() implements TotpCheck {}

    /** Not the code of this moment (nor of the step before or after). */
    record Wrong() implements TotpCheck {}

    /** The right code of a step already used: a replay, refused (RFC 6238 §5.2). */
    record Replayed() implements TotpCheck {}

    /** Too many wrong codes lately; nothing is checked until the wait is over. */
    record TooManyAttempts() implements TotpCheck {}

    /** The account has no authenticator. */
    record NotEnabled() implements TotpCheck {}

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
