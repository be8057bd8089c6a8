package cn.yiwang.id.account.passkey;

/** The answer to a passkey ceremony (adding one, or signing in with one). */
public sealed interface PasskeyOutcome {

    /**
     * It worked.
     * @param boundLevel the session level in which the passkey was added (1 to 4)
     */
    record Accepted(String credentialId, int boundLevel) implements PasskeyOutcome {}

    /**
     * It did not, for a reason the page can explain.
     * @param reason {@code expired} (no ceremony waiting, or it timed out), {@code other-site} (made for another
     *     origin or relying party), {@code unknown} (a passkey we do not know, or another account's),
     *     {@code malformed}, {@code invalid} (signature, counter, user verification …)
     */
    record Refused(String reason) implements PasskeyOutcome {}
}
