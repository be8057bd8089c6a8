package cn.yiwang.id.account.otp;

/** The result of checking a one-time code. */
public sealed interface VerifyOutcome
        permits VerifyOutcome.Verified, VerifyOutcome.Wrong, VerifyOutcome.Expired, VerifyOutcome.Exhausted {

    /** The code matched; it is consumed and never verifies again. */
    record Verified() implements VerifyOutcome {}

    /**
     * The code did not match.
     * @param attemptsLeft further attempts the live code allows; at zero it is dead
     */
    record Wrong(int attemptsLeft) implements VerifyOutcome {}

    /** No live code for this purpose and phone: never issued, expired, already used, or its send failed. */
    record Expired() implements VerifyOutcome {}

    /** The live code took its last wrong attempt; it stays dead until it expires or a new one is issued. */
    record Exhausted() implements VerifyOutcome {}
}
