package cn.yiwang.id.account.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks a person's real name as written on an identity document, before it is sent for verification.
 *
 * <p>The name is stripped and NFKC-normalised first (full-width Latin letters become ASCII, CJK
 * compatibility ideographs become unified ones). Then, when it contains a Han character, it must be a
 * Chinese name: 2–30 characters of CJK ideographs, with the middle dot {@code ·} (U+00B7) between
 * parts of an ethnic-minority or transliterated name (not first, not last, never two in a row).
 * Otherwise it must be a name in Latin script: 2–100 characters of Latin letters (accents
 * included), spaces, hyphens, apostrophes ({@code '}) and dots, with at least one letter. Lengths
 * count Unicode code points, so a rare ideograph outside the BMP counts once.
 *
 * <p>Only U+00B7 is accepted as the dot in Chinese names, because that is how they are printed
 * on documents and stored by the verification services; look-alikes such as {@code ・} (U+30FB)
 * or {@code •} (U+2022) are reported with their code point so a person can see what to change.
 */
public final class RealNames {

    private static final int CHINESE_MIN = 2;

    private static final int CHINESE_MAX = 30;

    private static final int LATIN_MIN = 2;

    private static final int LATIN_MAX = 100;

    // longer input cannot be a name; refusing it early bounds the work done on it
    private static final int MAX_INPUT_LENGTH = 400;

    private static final int MIDDLE_DOT = '\u00B7';

    private static final int MAX_POSITIONS_LISTED = 5;

    private RealNames() {}

    /**
     * Normalises a name the way {@link #check} does before its rules; store this form.
     * @param name what the person typed
     * @return stripped and NFKC-normalised; empty for {@code null}
     */
    public static String normalise(String name) {
        return (name != null) ? Normalizer.normalize(name, Normalizer.Form.NFKC).strip() : "";
    }

    /**
     * Checks a real name.
     * @param name what the person typed; {@code null} counts as empty
     * @return the problems found ({@code empty}, {@code bad-length}, {@code bad-characters}); empty
     * when the name is acceptable
     */
    public static List<DocumentProblem> check(String name) {
        if (name != null && name.length() > MAX_INPUT_LENGTH) {
            return List.of(badLength(LATIN_MIN, LATIN_MAX, name.codePointCount(0, name.length())));
        }
        String normalised = normalise(name);
        if (normalised.isEmpty()) {
            return List.of(new DocumentProblem(DocumentProblem.EMPTY, "请输入姓名。", "Enter your name."));
        }
        int[] codePoints = normalised.codePoints().toArray();
        boolean chinese = normalised.codePoints().anyMatch(RealNames::isHan);
        if (!chinese && normalised.codePoints().noneMatch(RealNames::isLatinLetter)) {
            return List.of(badCharacters(
                    allPositions(codePoints.length),
                    codePoints,
                    "姓名应为汉字（少数民族姓名可用“·”分隔）或拉丁字母",
                    "a name is written in Chinese characters (minority names may use \"·\") or in Latin letters"));
        }
        List<DocumentProblem> problems = new ArrayList<>();
        if (chinese) {
            checkLength(codePoints.length, CHINESE_MIN, CHINESE_MAX, problems);
            checkChineseCharacters(codePoints, problems);
        } else {
            checkLength(codePoints.length, LATIN_MIN, LATIN_MAX, problems);
            checkLatinCharacters(codePoints, problems);
        }
        return List.copyOf(problems);
    }

    private static void checkLength(int length, int min, int max, List<DocumentProblem> problems) {
        if (length < min || length > max) {
            problems.add(badLength(min, max, length));
        }
    }

    private static void checkChineseCharacters(int[] codePoints, List<DocumentProblem> problems) {
        List<Integer> bad = new ArrayList<>();
        List<Integer> misplacedDots = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (c == MIDDLE_DOT) {
                boolean atEdge = i == 0 || i == codePoints.length - 1;
                if (atEdge || codePoints[i - 1] == MIDDLE_DOT) {
                    misplacedDots.add(i + 1);
                }
            } else if (!isHan(c)) {
                bad.add(i + 1);
            }
        }
        if (!bad.isEmpty()) {
            problems.add(badCharacters(
                    bad,
                    codePoints,
                    "中文姓名只能包含汉字和间隔号“·”（U+00B7），不能有空格、字母、数字或符号",
                    "a Chinese name has only Chinese characters and the middle dot \"·\" (U+00B7): no spaces, letters, "
                            + "digits or symbols"));
        }
        if (!misplacedDots.isEmpty()) {
            problems.add(badCharacters(
                    misplacedDots,
                    codePoints,
                    "间隔号“·”只能出现在两个汉字之间，且不能连续",
                    "the middle dot \"·\" goes between two Chinese characters, never first, last or twice in a row"));
        }
    }

    private static void checkLatinCharacters(int[] codePoints, List<DocumentProblem> problems) {
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            if (!isLatinLetter(c) && c != ' ' && c != '-' && c != '\'' && c != '.') {
                bad.add(i + 1);
            }
        }
        if (!bad.isEmpty()) {
            problems.add(
                    badCharacters(
                            bad,
                            codePoints,
                            "外文姓名只能包含拉丁字母、空格、连字符“-”、撇号“'”和点“.”",
                            "a name in Latin script has only Latin letters, spaces, hyphens (-), apostrophes (') and dots (.)"));
        }
    }

    private static boolean isHan(int c) {
        return Character.isIdeographic(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean isLatinLetter(int c) {
        return Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN;
    }

    private static DocumentProblem badLength(int min, int max, int actual) {
        return new DocumentProblem(
                DocumentProblem.BAD_LENGTH,
                "姓名应为 " + min + "–" + max + " 个字符，实际为 " + actual + " 个。",
                "A name has " + min + " to " + max + " characters; this one has " + actual + ".");
    }

    // names the characters by code point, not glyph: look-alikes (・ and ·) and invisible ones become visible
    private static DocumentProblem badCharacters(
            List<Integer> positions, int[] codePoints, String ruleZh, String ruleEn) {
        List<Integer> listed = positions.subList(0, Math.min(positions.size(), MAX_POSITIONS_LISTED));
        int more = positions.size() - listed.size();
        String zh = listed.stream()
                .map((p) -> "第 " + p + " 个字符（" + codePoint(codePoints[p - 1]) + "）")
                .collect(Collectors.joining("、"));
        String en = listed.stream()
                .map((p) -> p + " (" + codePoint(codePoints[p - 1]) + ")")
                .collect(Collectors.joining(", "));
        return new DocumentProblem(
                DocumentProblem.BAD_CHARACTERS,
                "姓名的" + zh + ((more > 0) ? "等 " + positions.size() + " 处" : "") + "不允许：" + ruleZh + "。",
                "The name has a character that is not allowed at "
                        + ((positions.size() == 1) ? "position " : "positions ") + en
                        + ((more > 0) ? " and " + more + " more" : "") + ": " + ruleEn + ".");
    }

    private static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    private static List<Integer> allPositions(int length) {
        List<Integer> positions = new ArrayList<>(length);
        for (int i = 1; i <= length; i++) {
            positions.add(i);
        }
        return positions;
    }
}
