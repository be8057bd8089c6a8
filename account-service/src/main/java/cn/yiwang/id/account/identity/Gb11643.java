package cn.yiwang.id.account.identity;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The 18-character structure of GB 11643-1999 shared by resident ID cards, both residence permits
 * and 2023 permanent residence cards: 17 digits and an ISO 7064 MOD 11-2 check character.
 */
final class Gb11643 {

    static final int LENGTH = 18;

    /** 1-based position of the sequence digit whose parity gives the sex. */
    static final int SEX_POSITION = 17;

    // ISO 7064 MOD 11-2: weight of position i is 2^(18-i) mod 11, as tabulated in GB 11643-1999
    private static final List<Integer> WEIGHTS = List.of(7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2);

    // indexed by (sum of weighted digits) mod 11
    private static final String CHECK_CHARACTERS = "10X98765432";

    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private Gb11643() {}

    /**
     * Returns the 1-based positions that are not digits (1–17) or a digit or X (18).
     * @param number 18 characters, upper-cased
     * @return the bad positions, in order
     */
    static List<Integer> badCharacterPositions(String number) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < LENGTH; i++) {
            char c = number.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && !(i == LENGTH - 1 && c == 'X')) {
                positions.add(i + 1);
            }
        }
        return positions;
    }

    /**
     * Computes the MOD 11-2 check character for the first 17 digits.
     * @param number at least 17 characters, the first 17 of them digits
     * @return {@code 0}–{@code 9} or {@code X}
     */
    static char checkCharacter(String number) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.size(); i++) {
            sum += (number.charAt(i) - '0') * WEIGHTS.get(i);
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /**
     * Checks the yyyyMMdd birth date at positions 7–14.
     * @param number 18 characters, the first 17 of them digits
     * @param type the document type, for the messages
     * @param today the day of the check; later birth dates are refused
     * @param problems where problems are added
     * @return the birth date, or {@code null} when it is not acceptable
     */
    static LocalDate birthDate(
            String number, IdentityDocumentType type, LocalDate today, List<DocumentProblem> problems) {
        int year = Integer.parseInt(number.substring(6, 10));
        int month = Integer.parseInt(number.substring(10, 12));
        int day = Integer.parseInt(number.substring(12, 14));
        if (month < 1 || month > 12) {
            problems.add(Problems.impossibleMonth(type));
            return null;
        }
        int daysInMonth = YearMonth.of(year, month).lengthOfMonth();
        if (day < 1 || day > daysInMonth) {
            problems.add(Problems.impossibleDay(type, daysInMonth));
            return null;
        }
        LocalDate birthDate = LocalDate.of(year, month, day);
        if (birthDate.isBefore(EARLIEST_BIRTH_DATE)) {
            problems.add(Problems.tooOld(type));
            return null;
        }
        if (birthDate.isAfter(today)) {
            problems.add(Problems.futureDate(type));
            return null;
        }
        return birthDate;
    }

    /**
     * Checks the last character against the MOD 11-2 check of the first 17.
     * @param number 18 characters, the first 17 of them digits
     * @param type the document type, for the messages
     * @param problems where a problem is added when the check character is wrong
     */
    static void checkCharacter(String number, IdentityDocumentType type, List<DocumentProblem> problems) {
        char expected = checkCharacter(number);
        char given = number.charAt(LENGTH - 1);
        if (given != expected) {
            problems.add(Problems.badCheckCharacter(type, expected, given));
        }
    }

    /**
     * Reads the sex from the parity of the 17th digit.
     * @param number 18 characters, the first 17 of them digits
     * @return the sex
     */
    static Sex sex(String number) {
        return ((number.charAt(SEX_POSITION - 1) - '0') % 2 == 1) ? Sex.MALE : Sex.FEMALE;
    }
}
