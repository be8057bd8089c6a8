package cn.yiwang.id.account.crypto;

/** Masks citizen identifiers for logs, metrics and UIs ({@code 138****5678}, {@code 3101**********1234}). */
public final class Masking {

    private Masking() {}

    /**
     * Masks a phone number, keeping the first 3 and last 4 digits.
     * @param phone the phone number
     * @return the masked number; fully masked when 7 characters or shorter; {@code null} for {@code null}
     */
    public static String phone(String phone) {
        return mask(phone, 3, 4);
    }

    /**
     * Masks an ID number, keeping the first 4 and last 4 characters.
     * @param idNumber the ID number
     * @return the masked number; fully masked when 8 characters or shorter; {@code null} for {@code null}
     */
    public static String idNumber(String idNumber) {
        return mask(idNumber, 4, 4);
    }

    /**
     * Masks a real name, keeping its first character ({@code 张*}, {@code 欧***}).
     * @param name the name
     * @return the masked name; {@code null} for {@code null}
     */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    private static String mask(String value, int keepStart, int keepEnd) {
        if (value == null) {
            return null;
        }
        int length = value.length();
        // keeping both ends of a short value would reveal all or most of it
        if (length <= keepStart + keepEnd) {
            return "*".repeat(length);
        }
        return value.substring(0, keepStart)
                + "*".repeat(length - keepStart - keepEnd)
                + value.substring(length - keepEnd);
    }
}
