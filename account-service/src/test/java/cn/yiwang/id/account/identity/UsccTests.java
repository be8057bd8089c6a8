package cn.yiwang.id.account.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link UnifiedSocialCreditCodes}: every position, every authority and type code, both checks. */
class UsccTests {

    // the example of GB 32100-2015 itself
    private static final String STANDARD_EXAMPLE = "91350100M000100Y43";

    @Test
    void checkWhenStandardExampleThenValid() {
        UsccCheck check = UnifiedSocialCreditCodes.check(STANDARD_EXAMPLE);
        assertThat(check.isValid()).isTrue();
        assertThat(check.code()).isEqualTo(STANDARD_EXAMPLE);
        assertThat(check.authorityZh()).isEqualTo("工商");
        assertThat(check.organisationTypeZh()).isEqualTo("企业");
    }

    @Test
    void checkWhenFullWidthLowerCaseAndSpacesThenNormalised() {
        UsccCheck check = UnifiedSocialCreditCodes.check(" ９１３５ ０１００m０００１００y４３ ");
        assertThat(check.isValid()).isTrue();
        assertThat(check.code()).isEqualTo(STANDARD_EXAMPLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void checkWhenEmptyThenEmpty(String input) {
        assertThat(UnifiedSocialCreditCodes.check(input).problemCodes()).containsExactly(DocumentProblem.EMPTY);
        assertThat(UnifiedSocialCreditCodes.check(null).problemCodes()).containsExactly(DocumentProblem.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 17, 19, 30})
    void checkWhenWrongLengthThenBadLengthWithActualLength(int length) {
        UsccCheck check = UnifiedSocialCreditCodes.check("9".repeat(length));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_LENGTH);
        assertThat(check.problems().get(0).messageZh()).contains("实际为 " + length + " 位");
    }

    static Stream<Arguments> everyAuthorityAndType() {
        List<Arguments> arguments = new ArrayList<>();
        UnifiedSocialCreditCodes.AUTHORITIES.forEach((authority, definition) -> definition
                .types()
                .forEach((type, typeName) ->
                        arguments.add(Arguments.of(authority, type, definition.nameZh(), typeName))));
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("everyAuthorityAndType")
    void checkWhenEveryAuthorityAndTypeThenValidAndNamed(char authority, char type, String authorityZh, String typeZh) {
        String code = withChecks("" + authority + type + "310115" + "MA1FL00");
        UsccCheck check = UnifiedSocialCreditCodes.check(code);
        assertThat(check.problems()).isEmpty();
        assertThat(check.authorityZh()).isEqualTo(authorityZh);
        assertThat(check.organisationTypeZh()).isEqualTo(typeZh);
    }

    @Test
    void authoritiesAreThoseOfTheStandard() {
        assertThat(UnifiedSocialCreditCodes.AUTHORITIES.keySet())
                .containsExactlyInAnyOrder('1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y');
        assertThat(UnifiedSocialCreditCodes.AUTHORITIES.get('9').types().keySet())
                .containsExactlyInAnyOrder('1', '2', '3');
        assertThat(UnifiedSocialCreditCodes.AUTHORITIES.get('Y').types().keySet())
                .containsExactly('1');
    }

    static Stream<Character> notAuthorities() {
        return UnifiedSocialCreditCodes.ALPHABET
                .chars()
                .mapToObj((c) -> (char) c)
                .filter((c) -> !UnifiedSocialCreditCodes.AUTHORITIES.containsKey(c));
    }

    @ParameterizedTest
    @MethodSource("notAuthorities")
    void checkWhenPositionOneIsNoAuthorityThenUnknownAuthority(char authority) {
        UsccCheck check = UnifiedSocialCreditCodes.check(withChecks(authority + "1310115MA1FL00"));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_AUTHORITY);
        assertThat(check.problems().get(0).messageZh()).contains("第 1 位");
    }

    static Stream<Arguments> typesNotOfTheirAuthority() {
        List<Arguments> arguments = new ArrayList<>();
        for (Map.Entry<Character, UnifiedSocialCreditCodes.Authority> entry :
                UnifiedSocialCreditCodes.AUTHORITIES.entrySet()) {
            for (char type : UnifiedSocialCreditCodes.ALPHABET.toCharArray()) {
                if (!entry.getValue().types().containsKey(type)) {
                    arguments.add(Arguments.of(entry.getKey(), type));
                }
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest
    @MethodSource("typesNotOfTheirAuthority")
    void checkWhenPositionTwoIsNotATypeOfTheAuthorityThenUnknownOrganisationType(char authority, char type) {
        UsccCheck check = UnifiedSocialCreditCodes.check(withChecks("" + authority + type + "310115MA1FL00"));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_ORGANISATION_TYPE);
        assertThat(check.problems().get(0).messageZh()).contains("第 2 位");
    }

    static Stream<Arguments> everyPositionAndSubstitution() {
        return IntStream.range(0, 18)
                .boxed()
                .flatMap((i) -> UnifiedSocialCreditCodes.ALPHABET
                        .chars()
                        .filter((c) -> c != STANDARD_EXAMPLE.charAt(i))
                        .mapToObj((c) -> Arguments.of(i + 1, (char) c)));
    }

    @ParameterizedTest
    @MethodSource("everyPositionAndSubstitution")
    void checkWhenAnySingleCharacterChangesThenInvalid(int position, char replacement) {
        String changed = replace(STANDARD_EXAMPLE, position, replacement);
        UsccCheck check = UnifiedSocialCreditCodes.check(changed);
        assertThat(check.isValid()).isFalse();
        if (position == 18) {
            assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHECK_CHARACTER);
        } else if (position >= 9) {
            // the organisation code's own check (mod 11) misses a letter changed by 11 or 22; the final check does not
            assertThat(check.problemCodes())
                    .isNotEmpty()
                    .isSubsetOf(DocumentProblem.BAD_ORGANISATION_CHECK, DocumentProblem.BAD_CHECK_CHARACTER);
        } else {
            assertThat(check.problemCodes()).isNotEmpty();
        }
    }

    static Stream<Arguments> forbiddenLettersEverywhere() {
        return IntStream.rangeClosed(1, 18)
                .boxed()
                .flatMap((position) -> Stream.of('I', 'O', 'S', 'V', 'Z', '-').map((c) -> Arguments.of(position, c)));
    }

    @ParameterizedTest
    @MethodSource("forbiddenLettersEverywhere")
    void checkWhenLetterOutsideTheAlphabetThenBadCharactersAtThatPosition(int position, char letter) {
        UsccCheck check = UnifiedSocialCreditCodes.check(replace(STANDARD_EXAMPLE, position, letter));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(check.problems().get(0).messageZh()).contains("第 " + position + " 位");
        assertThat(check.problems().get(0).messageEn()).contains("position " + position + ":");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 8})
    void checkWhenRegionHasALetterThenBadCharacters(int position) {
        UsccCheck check = UnifiedSocialCreditCodes.check(replace(STANDARD_EXAMPLE, position, 'A'));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(check.problems().get(0).messageZh()).contains("行政区划码");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000", "710000", "810000", "990000", "200000"})
    void checkWhenRegionIsNoProvinceThenUnknownRegion(String region) {
        UsccCheck check = UnifiedSocialCreditCodes.check(withChecks("91" + region + "MA1FL00"));
        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_REGION);
    }

    @Test
    void checkWhenRegisteredNationallyThenValid() {
        assertThat(UnifiedSocialCreditCodes.check(withChecks("12100000" + "4000000"))
                        .isValid())
                .isTrue();
    }

    @Test
    void checkWhenBothChecksWrongThenBothReported() {
        String code = STANDARD_EXAMPLE.substring(0, 16) + "01";
        assertThat(UnifiedSocialCreditCodes.check(code).problemCodes())
                .containsExactly(DocumentProblem.BAD_ORGANISATION_CHECK, DocumentProblem.BAD_CHECK_CHARACTER);
    }

    @Test
    void organisationCheckCharacterWhenTenThenX() {
        // GB 11714 example bodies whose check is 10 and 11
        String ten = IntStream.range(0, 100000)
                .mapToObj((i) -> String.format("%08d", i))
                .filter((body) -> UnifiedSocialCreditCodes.organisationCheckCharacter(body) == 'X')
                .findFirst()
                .orElseThrow();
        assertThat(UnifiedSocialCreditCodes.check(withChecksOrganisation("91310115" + ten))
                        .isValid())
                .isTrue();
        assertThat(UnifiedSocialCreditCodes.organisationCheckCharacter("00000000"))
                .isEqualTo('0');
    }

    @Test
    void problemsNeverRepeatTheCode() {
        String wrong = STANDARD_EXAMPLE.substring(0, 17) + "0";
        UsccCheck check = UnifiedSocialCreditCodes.check(wrong);
        assertThat(check.problems()).allSatisfy((problem) -> {
            assertThat(problem.messageZh()).doesNotContain(wrong);
            assertThat(problem.messageEn()).doesNotContain(wrong);
        });
    }

    /** A code from its first 15 characters (8 of region and prefix, 7 of organisation body), with both checks. */
    static String withChecks(String first15) {
        return withChecksOrganisation(first15 + "1");
    }

    static String withChecksOrganisation(String first16) {
        String first17 = first16 + UnifiedSocialCreditCodes.organisationCheckCharacter(first16.substring(8, 16));
        return first17 + UnifiedSocialCreditCodes.checkCharacter(first17);
    }

    private static String replace(String code, int position, char c) {
        return code.substring(0, position - 1) + c + code.substring(position);
    }
}
