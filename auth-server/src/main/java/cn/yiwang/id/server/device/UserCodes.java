package cn.yiwang.id.server.device;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * User codes as citizens type them at {@code /activate}: eight characters of the twenty consonants
 * {@code BCDFGHJKLMNPQRSTVWXZ} (RFC 8628 §6.1: no vowels, so no words; no digits, so no 0/O or 1/I to
 * confuse; one case), shown as {@code XXXX-XXXX}. 20⁸ ≈ 2.6 × 10¹⁰ codes, against which wrong guesses
 * are throttled ({@link UserCodeGuesses}).
 */
public final class UserCodes {

    /** The alphabet, in the order codes are drawn from. */
    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    /** A well-formed user code as issued. */
    public static final Pattern FORMAT = Pattern.compile("[" + ALPHABET + "]{4}-[" + ALPHABET + "]{4}");

    private final SecureRandom random;

    public UserCodes(SecureRandom random) {
        this.random = random;
    }

    /** A new code, each character drawn uniformly (no modulo bias). */
    public String next() {
        StringBuilder code = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
