package cn.yiwang.id.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Normalises what a person types as a login name: a mainland mobile number or a user name.
 *
 * <p>Normalisation is NFKC first, so full-width digits and letters typed with a Chinese
 * input method match their ASCII forms.
 */
public final class LoginNames {

    /** Longest input worth normalising; anything longer cannot be a login name. */
    public static final int MAX_INPUT_LENGTH = 128;

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s-]+");

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

    private LoginNames() {}

    /**
     * Returns the normalised form of a login name: the 11 mobile digits when it is a mainland
     * mobile number, otherwise the trimmed, lower-cased name.
     * @param loginName what was typed
     * @return the normalised login name; empty when the input is {@code null} or blank
     */
    public static String normalise(String loginName) {
        return mobilePhone(loginName).orElseGet(() -> lowerCase(loginName));
    }

    /**
     * Returns the mainland mobile number in a login name, after removing spaces, dashes and an
     * optional {@code +86} prefix.
     * @param loginName what was typed
     * @return the 11 digits, or empty when the input is not a mainland mobile number
     */
    public static Optional<String> mobilePhone(String loginName) {
        if (loginName == null || loginName.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        String compact = PHONE_SEPARATORS.matcher(nfkc(loginName)).replaceAll("");
        if (compact.startsWith("+86")) {
            compact = compact.substring(3);
        }
        return MOBILE.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
    }

    /**
     * Normalises and validates a user name for a new account: 3–64 characters of
     * {@code [a-z0-9._-]} after lower-casing, and not a mobile number (phones have their own column).
     * @param username the requested user name
     * @return the normalised user name
     * @throws IllegalArgumentException when the name is not acceptable
     */
    public static String username(String username) {
        if (mobilePhone(username).isPresent()) {
            throw new IllegalArgumentException("A user name must not be a phone number");
        }
        String normalised = lowerCase(username);
        if (!USERNAME.matcher(normalised).matches()) {
            throw new IllegalArgumentException("A user name has 3 to 64 characters of a-z, 0-9, '.', '_' and '-'");
        }
        return normalised;
    }

    private static String lowerCase(String loginName) {
        if (loginName == null || loginName.length() > MAX_INPUT_LENGTH) {
            return "";
        }
        return nfkc(loginName).strip().toLowerCase(Locale.ROOT);
    }

    private static String nfkc(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC);
    }
}
