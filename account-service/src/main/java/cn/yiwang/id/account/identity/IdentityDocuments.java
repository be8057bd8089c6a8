package cn.yiwang.id.account.identity;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks identity document numbers offline: structure, region, birth date and check character.
 *
 * <p>Before any rule, a number is normalised: NFKC (so full-width digits and letters typed with a
 * Chinese input method count as ASCII), every whitespace character removed (including inner
 * spaces), and letters upper-cased ({@code x} becomes {@code X}). Structural problems (empty,
 * length, characters) end the check; after them every other rule runs, so all the independent
 * problems are reported together.
 *
 * <p>Rules per document type:
 * <ul>
 * <li>{@link IdentityDocumentType#RESIDENT_ID_CARD 居民身份证} (GB 11643-1999): 18 characters, 17 digits
 * and a check character {@code 0}–{@code 9} or {@code X}; positions 1–2 a mainland province-level
 * code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65; positions 3–6 are only checked to be digits);
 * positions 7–14 a real {@code yyyyMMdd} date from 1900-01-01 to today; position 18 the ISO 7064
 * MOD 11-2 check character; position 17 odd for male, even for female. An opening of 81, 82, 83,
 * or 9 followed by a province code is another document: {@code wrong-document-type}. Code 71
 * (Taiwan) is in GB/T 2260 but no resident ID card carries it: {@code unknown-region}.</li>
 * <li>{@link IdentityDocumentType#HK_MACAO_RESIDENCE_PERMIT 港澳居民居住证}: the same structure, date,
 * check and sex rules, with positions 1–6 exactly 810000 (Hong Kong) or 820000 (Macao).</li>
 * <li>{@link IdentityDocumentType#TAIWAN_RESIDENCE_PERMIT 台湾居民居住证}: the same, with positions
 * 1–6 exactly 830000.</li>
 * <li>{@link IdentityDocumentType#FOREIGN_PERMANENT_RESIDENCE_CARD 外国人永久居留身份证}, 2023 format
 * (issued from 2023-12-01): 18 characters, 17 digits and a check character; position 1 is
 * {@code 9}; positions 2–3 a mainland province-level code (the issuing office); positions 4–6
 * the nationality as digits (only checked to be digits: no country list is kept); positions 7–14
 * a real birth date from 1900-01-01 to today; position 18 the MOD 11-2 check character. The
 * National Immigration Administration's adaptation notice states the length, the leading 9, the
 * numeric nationality and MOD 11-2 "as for the citizen identity number"; the positions of the
 * province, nationality and birth date follow that analogy and secondary sources, not the
 * notice's own table, which we could not read. The birth date is returned; the sex is not,
 * because no source we could verify says that position 17 carries it.</li>
 * <li>{@link IdentityDocumentType#FOREIGN_PERMANENT_RESIDENCE_CARD 外国人永久居留身份证}, 2017 format:
 * 15 characters, 3 Latin letters (the nationality) and 12 digits. Nothing more is checked and no
 * birth date or sex is returned: public sources disagree on where the birth date sits and on the
 * check algorithm, and a rule we cannot verify would refuse genuine cards.</li>
 * </ul>
 *
 * <p>Nothing here logs, and neither problems nor {@link DocumentCheck#toString()} contain the number.
 */
public final class IdentityDocuments {

    // longer input cannot be a document number; refusing it early bounds the work done on it
    private static final int MAX_INPUT_LENGTH = 64;

    private static final int FOREIGN_2017_LENGTH = 15;

    private IdentityDocuments() {}

    /**
     * Checks a document number as the given type.
     * @param type the document type the person chose
     * @param number what the person typed; {@code null} counts as empty
     * @param today the day of the check, so birth dates after it are refused (pass the clock's date in
     * {@code Asia/Shanghai})
     * @return the outcome, valid with the normalised number or invalid with the problems
     */
    public static DocumentCheck check(IdentityDocumentType type, String number, LocalDate today) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(today, "today");
        if (number != null && number.length() > MAX_INPUT_LENGTH) {
            return DocumentCheck.invalid(type, List.of(badLength(type, number.length())));
        }
        String normalised = normalise(number);
        if (normalised.isEmpty()) {
            return DocumentCheck.invalid(type, List.of(Problems.empty(type)));
        }
        if (type == IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD
                && normalised.length() == FOREIGN_2017_LENGTH) {
            return checkForeign2017(normalised);
        }
        if (normalised.length() != Gb11643.LENGTH) {
            return DocumentCheck.invalid(type, List.of(badLength(type, normalised.length())));
        }
        return checkGb11643(type, normalised, today);
    }

    /**
     * Normalises a document number the way {@link #check} does before its rules.
     * @param number what the person typed
     * @return NFKC-normalised, without whitespace, upper-cased; empty for {@code null}
     */
    public static String normalise(String number) {
        if (number == null) {
            return "";
        }
        StringBuilder compact = new StringBuilder(number.length());
        Normalizer.normalize(number, Normalizer.Form.NFKC)
                .codePoints()
                .filter((c) -> !Character.isWhitespace(c) && !Character.isSpaceChar(c))
                .forEach(compact::appendCodePoint);
        return compact.toString().toUpperCase(Locale.ROOT);
    }

    private static DocumentCheck checkGb11643(IdentityDocumentType type, String number, LocalDate today) {
        List<Integer> badPositions = Gb11643.badCharacterPositions(number);
        if (!badPositions.isEmpty()) {
            return DocumentCheck.invalid(
                    type,
                    List.of(Problems.badCharacters(
                            type,
                            badPositions,
                            "第 1–17 位应为数字，第 18 位应为数字或 X",
                            "positions 1–17 are digits, position 18 is a digit or X")));
        }
        List<DocumentProblem> problems = new ArrayList<>();
        checkRegion(type, number, problems);
        LocalDate birthDate = Gb11643.birthDate(number, type, today, problems);
        Gb11643.checkCharacter(number, type, problems);
        if (!problems.isEmpty()) {
            return DocumentCheck.invalid(type, problems);
        }
        // the sequence parity is defined for citizens and permit holders, not verified for foreigners
        Sex sex = (type == IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD) ? null : Gb11643.sex(number);
        return DocumentCheck.valid(type, number, birthDate, sex);
    }

    private static void checkRegion(IdentityDocumentType type, String number, List<DocumentProblem> problems) {
        Optional<IdentityDocumentType> belongsTo = Regions.documentTypeOf(number);
        if (belongsTo.isPresent() && belongsTo.get() != type) {
            problems.add(
                    (type == IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD)
                            ? Problems.notForeignPermanentNumber(type)
                            : Problems.wrongDocumentType(type, belongsTo.get()));
            return;
        }
        String region = number.substring(0, 6);
        switch (type) {
            case RESIDENT_ID_CARD -> {
                if (belongsTo.isEmpty()) {
                    problems.add(Problems.unknownProvince(type, number.substring(0, 2)));
                }
            }
            case HK_MACAO_RESIDENCE_PERMIT -> {
                if (!region.equals(Regions.HONG_KONG) && !region.equals(Regions.MACAO)) {
                    problems.add(Problems.unknownPermitRegion(
                            type, "810000（香港）或 820000（澳门）", "810000 (Hong Kong) or 820000 (Macao)"));
                }
            }
            case TAIWAN_RESIDENCE_PERMIT -> {
                if (!region.equals(Regions.TAIWAN)) {
                    problems.add(Problems.unknownPermitRegion(type, "830000", "830000"));
                }
            }
            case FOREIGN_PERMANENT_RESIDENCE_CARD -> {
                if (number.charAt(0) != '9') {
                    problems.add(Problems.notForeignPermanentNumber(type));
                } else if (belongsTo.isEmpty()) {
                    problems.add(Problems.unknownIssuingProvince(type, number.substring(1, 3)));
                }
            }
        }
    }

    private static DocumentCheck checkForeign2017(String number) {
        IdentityDocumentType type = IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD;
        List<Integer> badPositions = new ArrayList<>();
        for (int i = 0; i < FOREIGN_2017_LENGTH; i++) {
            char c = number.charAt(i);
            boolean allowed = (i < 3) ? (c >= 'A' && c <= 'Z') : (c >= '0' && c <= '9');
            if (!allowed) {
                badPositions.add(i + 1);
            }
        }
        if (!badPositions.isEmpty()) {
            return DocumentCheck.invalid(
                    type,
                    List.of(
                            Problems.badCharacters(
                                    type,
                                    badPositions,
                                    "15 位（2017 版）号码的第 1–3 位应为拉丁字母，第 4–15 位应为数字",
                                    "in a 15-character (2017) number positions 1–3 are Latin letters and positions 4–15 are digits")));
        }
        return DocumentCheck.valid(type, number, null, null);
    }

    private static DocumentProblem badLength(IdentityDocumentType type, int actual) {
        if (type == IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD) {
            return Problems.badLength(
                    type, "15 位（2017 版）或 18 位（2023 版）", "15 characters (2017 format) or 18 (2023 format)", actual);
        }
        return Problems.badLength(type, "18 位", "18 characters", actual);
    }
}
