package cn.yiwang.id.account.identity;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Builds identity numbers with a correct check character for tests. */
final class TestIdentityNumbers {

    /** The day the tests pretend it is. */
    static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    /** An example number: Beijing Chaoyang, born 1949-12-31, female, check character X. */
    static final String RESIDENT_ID = "11010519491231002X";

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd");

    private TestIdentityNumbers() {}

    /**
     * Appends the ISO 7064 MOD 11-2 check character. Computed from the definition (weight of position i
     * is 2^(18-i) mod 11, check value (12 - sum mod 11) mod 11), not from the table the production code
     * uses, so the two can catch each other's mistakes.
     */
    static String withCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 1; i <= 17; i++) {
            int weight = 1;
            for (int k = 0; k < 18 - i; k++) {
                weight = (weight * 2) % 11;
            }
            sum += (first17.charAt(i - 1) - '0') * weight;
        }
        int check = (12 - (sum % 11)) % 11;
        return first17 + ((check == 10) ? "X" : String.valueOf(check));
    }

    /** An 18-character number: six-digit region, birth date, three-digit sequence, check character. */
    static String gb11643(String region, LocalDate birthDate, int sequence) {
        return withCheckCharacter(region + BASIC.format(birthDate) + String.format("%03d", sequence));
    }

    /** An 18-character number whose birth-date digits are given as text, so impossible dates can be built. */
    static String gb11643(String region, String birthDigits, int sequence) {
        return withCheckCharacter(region + birthDigits + String.format("%03d", sequence));
    }

    /** A 2023 permanent residence card number: 9, issuing province, numeric nationality, birth date, sequence. */
    static String foreign2023(String province, String nationality, LocalDate birthDate, int sequence) {
        return withCheckCharacter(
                "9" + province + nationality + BASIC.format(birthDate) + String.format("%03d", sequence));
    }

    /** Replaces the character at a 1-based position. */
    static String replace(String number, int position, char c) {
        return number.substring(0, position - 1) + c + number.substring(position);
    }
}
