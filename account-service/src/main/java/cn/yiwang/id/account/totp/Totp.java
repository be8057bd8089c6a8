package cn.yiwang.id.account.totp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TOTP algorithm (RFC 6238) with the parameters every authenticator app understands: HMAC-SHA-1,
 * 30-second steps from the Unix epoch, 6 digits (RFC 4226 §5.3 dynamic truncation).
 */
public final class Totp {

    /** Length of a time step in seconds (RFC 6238 §4.1, X). */
    public static final long STEP_SECONDS = 30;

    /** Digits of a code. */
    public static final int DIGITS = 6;

    /** Secret length in bytes: 160 bits, the HMAC-SHA-1 output size RFC 4226 §4 recommends. */
    public static final int SECRET_BYTES = 20;

    private Totp() {}

    /** The time step an instant falls in (RFC 6238 §4.2, T = (now - T0) / X with T0 = 0). */
    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a step, zero-padded to {@link #DIGITS} digits. */
    public static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash =
                    mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            // RFC 4226 §5.3: the low nibble of the last byte picks 4 bytes; the top bit is dropped
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            String digits = Integer.toString(binary % 1_000_000);
            return "0".repeat(DIGITS - digits.length()) + digits;
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA-1 is not available", ex);
        }
    }
}
