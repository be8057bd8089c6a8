package cn.yiwang.id.account.realname;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a second factor counts toward the level of assurance of a remote sign-in, and what it adds to
 * {@code amr} (RFC 8176). The level rule itself is {@link AssuranceLevel#remoteSessionWithSecondFactor}, with
 * the other capping rules; the README's table says the same.
 *
 * <table>
 * <caption>Session level by account level and sign-in</caption>
 * <tr><th>sign-in</th><th>session level</th><th>amr</th></tr>
 * <tr><td>password, or SMS code</td><td>account level, at most L2</td><td>pwd / sms</td></tr>
 * <tr><td>password + authenticator app code</td><td>account level, at most L2</td><td>pwd otp mfa</td></tr>
 * <tr><td>password + passkey added in an L1/L2 session</td><td>account level, at most L2</td>
 *     <td>pwd hwk user mfa</td></tr>
 * <tr><td>password + passkey added in a face-verified session (L3 or more)</td>
 *     <td>account level, at most L3</td><td>pwd hwk user mfa</td></tr>
 * </table>
 *
 * <p>Why: a second factor makes it harder for someone else to use the account (so {@code mfa}), but it
 * proves nothing new about who the person is: L2 is about the identity checked against an
 * authoritative source, which a code from an app does not re-check. L3 needs a live face match; a
 * passkey is a hardware-held key that only opens after the device's own user verification, so one
 * bound to the account in a session where the face was matched live carries that match forward (as a
 * derived credential does), but never beyond L3: an L4 session always needs a face match in the
 * session itself, and never beyond what the account has now.
 */
public final class SecondFactorLevels {

    /** The second factor used after the password, if any. */
    public enum SecondFactor {
        NONE,
        TOTP,
        RECOVERY_CODE,
        PASSKEY
    }

    private SecondFactorLevels() {}

    /**
     * @param account the account's level now
     * @param factor the second factor used
     * @param passkeyBoundLevel the session level the passkey was added in (ignored for other factors)
     */
    public static AssuranceLevel sessionLevel(
            AssuranceLevel account, SecondFactor factor, AssuranceLevel passkeyBoundLevel) {
        return account.remoteSessionWithSecondFactor(
                (factor == SecondFactor.PASSKEY) ? Optional.of(passkeyBoundLevel) : Optional.empty());
    }

    /**
     * The {@code amr} of a sign-in: the first factor's, plus the second factor's. A recovery code is
     * something the citizen has written down, so it counts as a second factor ({@code otp}: a one-time
     * code), but is not hardware-held.
     */
    public static List<String> amr(List<String> firstFactor, SecondFactor factor) {
        List<String> amr = new ArrayList<>(firstFactor);
        switch (factor) {
            case TOTP, RECOVERY_CODE -> amr.add("otp");
            case PASSKEY -> {
                // hwk: proof of possession of a hardware-secured key; user: the authenticator verified the
                // user (PIN or biometric, we are not told which)
                amr.add("hwk");
                amr.add("user");
            }
            case NONE -> {
                return List.copyOf(amr);
            }
        }
        amr.add("mfa");
        return List.copyOf(amr);
    }
}
