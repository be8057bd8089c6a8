package cn.yiwang.id.account.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks unified social credit codes (统一社会信用代码, GB 32100-2015) offline, the way
 * {@link IdentityDocuments} checks ID numbers: each problem names the position and the rule.
 *
 * <p>The input is normalised first (NFKC, whitespace removed, upper case). Then, in order:
 * <ol>
 * <li>18 characters ({@code bad-length});</li>
 * <li>every character from the 31-character alphabet {@code 0-9 A-H J-N P-R T U W-Y} (no I, O, S,
 * V, Z), and positions 3–8 digits ({@code bad-characters}); these structural problems end the
 * check;</li>
 * <li>position 1 a registration-authority code ({@code unknown-authority}): 1 机构编制, 2 外交,
 * 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商, A 中央军委改革和编制办公室, N 农业, Y 其他;</li>
 * <li>position 2 one of that authority's organisation types ({@code unknown-organisation-type});</li>
 * <li>positions 3–8 an administrative-region code (GB/T 2260) of a mainland province, or 100000
 * for bodies registered nationally ({@code unknown-region});</li>
 * <li>positions 9–17 an organisation code (GB 11714-1997) whose 9th character is its check:
 * weights 3, 7, 9, 10, 5, 8, 4, 2, check = 11 − (sum mod 11), 10 written {@code X}, 11 written
 * {@code 0} ({@code bad-organisation-check});</li>
 * <li>position 18 the check character: the sum of each character's alphabet index times
 * 3<sup>i−1</sup> mod 31, check = 31 − (sum mod 31), 31 written {@code 0}
 * ({@code bad-check-character}).</li>
 * </ol>
 * After the structural rules all others run, so independent problems are reported together.
 */
public final class UnifiedSocialCreditCodes {

    /** The 31 characters a code may contain, in the order of their values 0–30. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** Length of a code. */
    public static final int LENGTH = 18;

    // 3^(i-1) mod 31 for positions 1-17 (GB 32100-2015, 4.3)
    private static final int[] CHECK_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    // GB 11714-1997 weights for the 8 body characters of an organisation code
    private static final int[] ORGANISATION_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

    private static final int MAX_INPUT_LENGTH = 64;

    /** Registration authorities (position 1) and their organisation types (position 2), GB 32100-2015 Table 1. */
    public static final Map<Character, Authority> AUTHORITIES = Map.ofEntries(
            authority('1', "机构编制", Map.of('1', "机关", '2', "事业单位", '3', "中央编办直接管理机构编制的群众团体", '9', "其他")),
            authority('2', "外交", Map.of('1', "外国常驻新闻机构", '9', "其他")),
            authority(
                    '3',
                    "司法行政",
                    Map.of('1', "律师执业机构", '2', "公证处", '3', "基层法律服务所", '4', "司法鉴定机构", '5', "仲裁委员会", '9', "其他")),
            authority('4', "文化", Map.of('1', "外国在华文化中心", '9', "其他")),
            authority('5', "民政", Map.of('1', "社会团体", '2', "民办非企业单位", '3', "基金会", '9', "其他")),
            authority('6', "旅游", Map.of('1', "外国旅游部门常驻代表机构", '2', "港澳台地区旅游部门常驻内地（大陆）代表机构", '9', "其他")),
            authority('7', "宗教", Map.of('1', "宗教活动场所", '2', "宗教院校", '9', "其他")),
            authority('8', "工会", Map.of('1', "基层工会", '9', "其他")),
            authority('9', "工商", Map.of('1', "企业", '2', "个体工商户", '3', "农民专业合作社")),
            authority('A', "中央军委改革和编制办公室", Map.of('1', "军队事业单位", '9', "其他")),
            authority('N', "农业", Map.of('1', "组级集体经济组织", '2', "村级集体经济组织", '3', "乡镇级集体经济组织", '9', "其他")),
            authority('Y', "其他", Map.of('1', "其他")));

    private static final String NATIONAL_REGION = "100000";

    private UnifiedSocialCreditCodes() {}

    /**
     * Checks a code.
     * @param input what was entered; may be {@code null}
     * @return the outcome, never {@code null}
     */
    public static UsccCheck check(String input) {
        String code = normalise(input);
        List<DocumentProblem> problems = new ArrayList<>();
        if (code.isEmpty()) {
            return invalid(new DocumentProblem(
                    DocumentProblem.EMPTY, "请输入统一社会信用代码。", "Enter the unified social credit code."));
        }
        if (code.length() != LENGTH) {
            return invalid(new DocumentProblem(
                    DocumentProblem.BAD_LENGTH,
                    "统一社会信用代码应为 18 位，实际为 " + code.length() + " 位。",
                    "A unified social credit code has 18 characters; this one has " + code.length() + "."));
        }
        List<Integer> notInAlphabet = new ArrayList<>();
        List<Integer> notDigits = new ArrayList<>();
        for (int i = 0; i < LENGTH; i++) {
            char c = code.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                notInAlphabet.add(i + 1);
            } else if (i >= 2 && i <= 7 && !(c >= '0' && c <= '9')) {
                notDigits.add(i + 1);
            }
        }
        if (!notInAlphabet.isEmpty()) {
            problems.add(badCharacters(
                    notInAlphabet,
                    "只能是数字和除 I、O、S、V、Z 以外的大写字母",
                    "only digits and capital letters other than I, O, S, V and Z are used"));
        }
        if (!notDigits.isEmpty()) {
            problems.add(badCharacters(
                    notDigits,
                    "第 3–8 位是行政区划码，只能是数字",
                    "positions 3–8 are the administrative-region code and hold digits only"));
        }
        if (!problems.isEmpty()) {
            return new UsccCheck(null, null, null, problems);
        }
        Authority authority = AUTHORITIES.get(code.charAt(0));
        String type = null;
        if (authority == null) {
            problems.add(new DocumentProblem(
                    DocumentProblem.UNKNOWN_AUTHORITY,
                    "第 1 位“" + code.charAt(0) + "”不是登记管理部门代码（应为 1–9、A、N 或 Y）。",
                    "Position 1 (\"" + code.charAt(0) + "\") is not a registration-authority code (1–9, A, N or Y)."));
        } else {
            type = authority.types().get(code.charAt(1));
            if (type == null) {
                String allowed = authority.types().keySet().stream()
                        .sorted()
                        .map(String::valueOf)
                        .reduce((a, b) -> a + "、" + b)
                        .orElse("");
                problems.add(new DocumentProblem(
                        DocumentProblem.UNKNOWN_ORGANISATION_TYPE,
                        "第 2 位“" + code.charAt(1) + "”不是" + authority.nameZh() + "登记的机构类别（应为 " + allowed + "）。",
                        "Position 2 (\"" + code.charAt(1) + "\") is not an organisation type registered by authority "
                                + code.charAt(0) + " (" + allowed.replace("、", ", ") + ")."));
            }
        }
        String region = code.substring(2, 8);
        if (!Regions.isMainlandProvince(region.substring(0, 2)) && !NATIONAL_REGION.equals(region)) {
            problems.add(
                    new DocumentProblem(
                            DocumentProblem.UNKNOWN_REGION,
                            "第 3–8 位“" + region + "”不是有效的登记管理机关行政区划码（省级代码开头，或国家级 100000）。",
                            "Positions 3–8 (\"" + region
                                    + "\") are not a valid administrative-region code (a province code, or 100000 nationally)."));
        }
        char organisationExpected = organisationCheckCharacter(code.substring(8, 16));
        if (code.charAt(16) != organisationExpected) {
            problems.add(new DocumentProblem(
                    DocumentProblem.BAD_ORGANISATION_CHECK,
                    "第 9–17 位是组织机构代码，其第 17 位校验码应为 " + organisationExpected + "，实际为 " + code.charAt(16)
                            + "；请检查第 9–17 位是否输错。",
                    "Positions 9–17 are the organisation code; its check character at position 17 should be "
                            + organisationExpected + " but is " + code.charAt(16)
                            + "; check positions 9–17 for a typo."));
        }
        char expected = checkCharacter(code);
        if (code.charAt(17) != expected) {
            problems.add(new DocumentProblem(
                    DocumentProblem.BAD_CHECK_CHARACTER,
                    "统一社会信用代码第 18 位校验码应为 " + expected + "，实际为 " + code.charAt(17) + "；请检查各位是否输错。",
                    "The check character at position 18 of a unified social credit code should be " + expected
                            + " but is " + code.charAt(17) + "; check the characters for a typo."));
        }
        if (!problems.isEmpty()) {
            return new UsccCheck(null, null, null, problems);
        }
        return new UsccCheck(code, authority.nameZh(), type, List.of());
    }

    /**
     * Computes the check character (position 18) of the first 17 characters.
     * @param code at least 17 characters from {@link #ALPHABET}
     * @return the check character
     */
    public static char checkCharacter(String code) {
        int sum = 0;
        for (int i = 0; i < CHECK_WEIGHTS.length; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * CHECK_WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    /**
     * Computes the GB 11714 check character of an organisation code's 8 body characters.
     * @param body 8 digits or capital letters (a letter counts as 10 for A up to 35 for Z)
     * @return {@code 0}–{@code 9} or {@code X}
     */
    public static char organisationCheckCharacter(String body) {
        int sum = 0;
        for (int i = 0; i < ORGANISATION_WEIGHTS.length; i++) {
            sum += Character.digit(body.charAt(i), 36) * ORGANISATION_WEIGHTS[i];
        }
        int check = 11 - sum % 11;
        if (check == 10) {
            return 'X';
        }
        return (check == 11) ? '0' : (char) ('0' + check);
    }

    /**
     * The form a code is checked and stored in.
     * @param input what was entered; may be {@code null}
     * @return NFKC, without whitespace, upper case; at most 64 characters are kept
     */
    public static String normalise(String input) {
        if (input == null) {
            return "";
        }
        String bounded = (input.length() > MAX_INPUT_LENGTH) ? input.substring(0, MAX_INPUT_LENGTH + 1) : input;
        return Normalizer.normalize(bounded, Normalizer.Form.NFKC)
                .replaceAll("\\s+", "")
                .toUpperCase(Locale.ROOT);
    }

    private static UsccCheck invalid(DocumentProblem problem) {
        return new UsccCheck(null, null, null, List.of(problem));
    }

    private static DocumentProblem badCharacters(List<Integer> positions, String ruleZh, String ruleEn) {
        return new DocumentProblem(
                DocumentProblem.BAD_CHARACTERS,
                "统一社会信用代码第 " + Problems.positionsZh(positions) + " 位的字符不允许：" + ruleZh + "。",
                "The unified social credit code has a character that is not allowed at "
                        + ((positions.size() == 1) ? "position " : "positions ") + Problems.positionsEn(positions)
                        + ": "
                        + ruleEn + ".");
    }

    private static Map.Entry<Character, Authority> authority(char code, String nameZh, Map<Character, String> types) {
        return Map.entry(code, new Authority(nameZh, types));
    }

    /**
     * A registration authority (登记管理部门) and the organisation types it registers.
     *
     * @param nameZh the authority's name
     * @param types organisation-type code to its name
     */
    public record Authority(String nameZh, Map<Character, String> types) {}
}
