package cn.yiwang.id.server.audit;

import cn.yiwang.id.account.crypto.Masking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks citizen identifiers that a free-text audit field may carry (an 18-character ID number, an 11-digit mobile
 * number) before any output: the API, exports and pages. Stored rows are never changed (their hashes cover them).
 */
public final class AuditMasking {

    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[1-9]\\d{16}[0-9Xx](?![0-9A-Za-z])");

    private static final Pattern PHONE = Pattern.compile("(?<![0-9A-Za-z])(?:\\+?86)?1[3-9]\\d{9}(?![0-9A-Za-z])");

    private AuditMasking() {}

    /**
     * @param text a field
     * @return it with every ID number and mobile number masked; {@code null} for {@code null}
     */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = replace(ID_NUMBER, text, true);
        return replace(PHONE, masked, false);
    }

    private static String replace(Pattern pattern, String text, boolean idNumber) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String found = matcher.group();
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement(idNumber ? Masking.idNumber(found) : Masking.phone(found)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
