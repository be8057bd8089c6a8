package cn.yiwang.id.account.otp;

import java.time.Duration;

/** The result of asking for a one-time code by SMS. */
public sealed interface Issued permits Issued.Sent, Issued.TooSoon, Issued.DailyLimitReached, Issued.SendFailed {

    /**
     * A new code was sent; any earlier code for the same purpose and phone no longer verifies.
     * @param validFor how long the code verifies
     * @param resendAfter how long until another code may be asked for this phone
     */
    record Sent(Duration validFor, Duration resendAfter) implements Issued {}

    /**
     * A code was sent to this phone too recently; nothing was sent and the live code (if any) stays.
     * @param retryAfter how long until another code may be asked for
     */
    record TooSoon(Duration retryAfter) implements Issued {}

    /** The phone or the client address has had its codes for today (Asia/Shanghai); nothing was sent. */
    record DailyLimitReached() implements Issued {}

    /**
     * The SMS gateway refused or failed: no code is live for this purpose and phone, the user may ask
     * again at once, and the attempt still counts towards the daily limits.
     */
    record SendFailed() implements Issued {}
}
