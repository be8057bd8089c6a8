package cn.yiwang.id.account.identity;

import static cn.yiwang.id.account.identity.IdentityDocumentType.FOREIGN_PERMANENT_RESIDENCE_CARD;
import static cn.yiwang.id.account.identity.IdentityDocumentType.HK_MACAO_RESIDENCE_PERMIT;
import static cn.yiwang.id.account.identity.IdentityDocumentType.RESIDENT_ID_CARD;
import static cn.yiwang.id.account.identity.IdentityDocumentType.TAIWAN_RESIDENCE_PERMIT;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.RESIDENT_ID;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.TODAY;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.foreign2023;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.gb11643;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.replace;
import static cn.yiwang.id.account.identity.TestIdentityNumbers.withCheckCharacter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityDocumentsTests {

    private static final LocalDate BIRTH = LocalDate.of(1985, 6, 15);

    // resident ID card

    @Test
    void checkWhenExampleResidentIdThenValidFemaleBornOn19491231() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, RESIDENT_ID, TODAY);

        assertThat(check.isValid()).isTrue();
        assertThat(check.problems()).isEmpty();
        assertThat(check.type()).isEqualTo(RESIDENT_ID_CARD);
        assertThat(check.number()).isEqualTo(RESIDENT_ID);
        assertThat(check.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(check.sex()).isEqualTo(Sex.FEMALE);
    }

    @ParameterizedTest(name = "position {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
    void checkWhenAnySingleCharacterChangedThenInvalid(int position) {
        for (char c : "0123456789XA".toCharArray()) {
            if (c == RESIDENT_ID.charAt(position - 1)) {
                continue;
            }
            String changed = replace(RESIDENT_ID, position, c);

            DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, changed, TODAY);

            assertThat(check.isValid()).as("%s at position %d", c, position).isFalse();
            assertThat(check.number()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "11010519491231002x",
                " 11010519491231002x ",
                "110105 19491231 002x",
                "110105\u300019491231002X",
                "１１０１０５１９４９１２３１００２ｘ"
            })
    void checkWhenLowerCaseXSpacesOrFullWidthThenValidAndNormalised(String typed) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, typed, TODAY);

        assertThat(check.isValid()).isTrue();
        assertThat(check.number()).isEqualTo(RESIDENT_ID);
    }

    @ParameterizedTest
    @CsvSource({"11010519491231002, 17", "11010519491231002X1, 19", "110105491231002, 15", "1, 1"})
    void checkWhenWrongLengthThenBadLengthWithExpectedAndActual(String number, int actual) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_LENGTH);
        DocumentProblem problem = check.problems().get(0);
        assertThat(problem.messageZh()).contains("18 位").contains("实际为 " + actual + " 位");
        assertThat(problem.messageEn()).contains("18 characters").contains("has " + actual);
    }

    @Test
    void checkWhenOverlongInputThenBadLengthWithoutNormalising() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, "1".repeat(10_000), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_LENGTH);
    }

    @ParameterizedTest
    @CsvSource({
        "1101051949123100AX, 17",
        "A1010519491231002X, 1",
        "11010519491231002A, 18",
        "110105X9491231002X, 7",
        "11010519491231002-, 18"
    })
    void checkWhenLetterOrSymbolThenBadCharactersNamingPosition(String number, int position) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(check.problems().get(0).messageZh()).contains("第 " + position + " 位");
        assertThat(check.problems().get(0).messageEn()).contains("position " + position);
    }

    @Test
    void checkWhenManyBadCharactersThenOneProblemListingTheFirstFive() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, "ABCDEFGHIJKLMNOPQR", TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(check.problems().get(0).messageZh()).contains("1、2、3、4、5 等 18 处");
        assertThat(check.problems().get(0).messageEn()).contains("positions 1, 2, 3, 4, 5 and 13 more");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "19490230",
                "19490231",
                "19491301",
                "19490001",
                "19490100",
                "19490229",
                "19000229",
                "19490431",
                "00000000"
            })
    void checkWhenImpossibleDateThenImpossibleDate(String birthDigits) {
        String number = gb11643("110105", birthDigits, 2);

        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.IMPOSSIBLE_DATE);
    }

    @Test
    void checkWhenImpossibleDayThenMessageSaysHowManyDaysTheMonthHas() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, gb11643("110105", "19490230", 2), TODAY);

        assertThat(check.problems().get(0).messageZh()).contains("01–28");
        assertThat(check.problems().get(0).messageEn()).contains("28 days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20000229", "20240229", "19000101", "19491231"})
    void checkWhenLeapDayOrBoundaryDateThenValid(String birthDigits) {
        assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, gb11643("110105", birthDigits, 2), TODAY)
                        .isValid())
                .isTrue();
    }

    @Test
    void checkWhenBornAfterTodayThenFutureDate() {
        String number = gb11643("310101", TODAY.plusDays(1), 3);

        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.FUTURE_DATE);
    }

    @Test
    void checkWhenBornTodayThenValid() {
        String number = gb11643("310101", TODAY, 3);

        assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY).birthDate())
                .isEqualTo(TODAY);
    }

    @Test
    void checkWhenFutureDateThenDependsOnTodayPassedNotTheClock() {
        String number = gb11643("310101", LocalDate.of(2030, 1, 1), 3);

        assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY).problemCodes())
                .containsExactly(DocumentProblem.FUTURE_DATE);
        assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, number, LocalDate.of(2030, 1, 1))
                        .isValid())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"18991231", "18500101", "00010101"})
    void checkWhenBornBefore1900ThenTooOld(String birthDigits) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, gb11643("110105", birthDigits, 2), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.TOO_OLD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "990101", "000000", "100101", "160101", "240101", "380101", "470101", "550101", "660101", "710000",
                "800000"
            })
    void checkWhenProvinceUnknownThenUnknownRegion(String region) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, gb11643(region, BIRTH, 1), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_REGION);
        assertThat(check.problems().get(0).messageZh()).contains(region.substring(0, 2));
    }

    @Test
    void checkWhenTaiwanProvinceCodeThenUnknownRegionPointingToTaiwanPermit() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, gb11643("710000", BIRTH, 1), TODAY);

        assertThat(check.problems().get(0).messageZh()).contains("830000");
        assertThat(check.problems().get(0).messageEn()).contains("830000");
    }

    @Test
    void checkWhenCheckCharacterWrongThenSaysExpectedAndGiven() {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, "110105194912310025", TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHECK_CHARACTER);
        assertThat(check.problems().get(0).messageZh()).contains("应为 X").contains("实际为 5");
        assertThat(check.problems().get(0).messageEn()).contains("should be X").contains("is 5");
    }

    @Test
    void checkWhenSeveralIndependentProblemsThenAllReported() {
        String number = "99010519491331002X";

        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problemCodes())
                .containsExactly(
                        DocumentProblem.UNKNOWN_REGION,
                        DocumentProblem.IMPOSSIBLE_DATE,
                        DocumentProblem.BAD_CHECK_CHARACTER);
    }

    @ParameterizedTest
    @MethodSource("generatedResidentIds")
    void checkWhenGeneratedResidentIdThenValidWithBirthDateAndSex(
            String region, LocalDate birthDate, int sequence, Sex sex) {
        String number = gb11643(region, birthDate, sequence);

        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, number, TODAY);

        assertThat(check.problems()).isEmpty();
        assertThat(check.number()).isEqualTo(number);
        assertThat(check.birthDate()).isEqualTo(birthDate);
        assertThat(check.sex()).isEqualTo(sex);
    }

    static Stream<Arguments> generatedResidentIds() {
        return Stream.of(
                arguments("110101", LocalDate.of(1990, 1, 1), 1, Sex.MALE),
                arguments("120102", LocalDate.of(1900, 1, 1), 2, Sex.FEMALE),
                arguments("150102", LocalDate.of(1975, 7, 31), 15, Sex.MALE),
                arguments("230103", LocalDate.of(1964, 2, 29), 100, Sex.FEMALE),
                arguments("310101", LocalDate.of(2000, 2, 29), 999, Sex.MALE),
                arguments("330106", LocalDate.of(2012, 12, 12), 358, Sex.FEMALE),
                arguments("370102", LocalDate.of(1958, 10, 1), 77, Sex.MALE),
                arguments("440305", LocalDate.of(1988, 8, 8), 120, Sex.FEMALE),
                arguments("460105", LocalDate.of(1999, 9, 9), 9, Sex.MALE),
                arguments("500101", LocalDate.of(2025, 5, 31), 4, Sex.FEMALE),
                arguments("540102", LocalDate.of(1980, 3, 15), 33, Sex.MALE),
                arguments("650102", LocalDate.of(1970, 11, 30), 246, Sex.FEMALE));
    }

    @Test
    void checkWhenEveryCheckValueOccursThenEachValid() {
        // sequences 0..10 at a fixed prefix walk the check value through all 11 possibilities, X included
        List<String> numbers = Stream.iterate(0, (i) -> i + 1)
                .limit(30)
                .map((sequence) -> gb11643("420102", BIRTH, sequence))
                .toList();

        assertThat(numbers)
                .extracting((n) -> n.charAt(17))
                .contains('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X');
        assertThat(numbers)
                .allSatisfy((n) -> assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, n, TODAY)
                                .isValid())
                        .as(n)
                        .isTrue());
    }

    // residence permits

    @ParameterizedTest
    @CsvSource({
        "810000, HK_MACAO_RESIDENCE_PERMIT",
        "820000, HK_MACAO_RESIDENCE_PERMIT",
        "830000, TAIWAN_RESIDENCE_PERMIT"
    })
    void checkWhenPermitNumberAsItsTypeThenValidWithBirthDateAndSex(String region, IdentityDocumentType type) {
        String number = gb11643(region, BIRTH, 11);

        DocumentCheck check = IdentityDocuments.check(type, number, TODAY);

        assertThat(check.problems()).isEmpty();
        assertThat(check.birthDate()).isEqualTo(BIRTH);
        assertThat(check.sex()).isEqualTo(Sex.MALE);
    }

    @ParameterizedTest
    @CsvSource({
        "810000, HK_MACAO_RESIDENCE_PERMIT",
        "820000, HK_MACAO_RESIDENCE_PERMIT",
        "830000, TAIWAN_RESIDENCE_PERMIT"
    })
    void checkWhenPermitNumberAsResidentIdThenWrongDocumentTypeNamingThePermit(
            String region, IdentityDocumentType permit) {
        DocumentCheck check = IdentityDocuments.check(RESIDENT_ID_CARD, gb11643(region, BIRTH, 11), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.WRONG_DOCUMENT_TYPE);
        assertThat(check.problems().get(0).messageZh()).contains(permit.displayNameZh());
        assertThat(check.problems().get(0).messageEn()).contains(permit.displayNameEn());
    }

    @ParameterizedTest
    @CsvSource({
        "110105, HK_MACAO_RESIDENCE_PERMIT",
        "110105, TAIWAN_RESIDENCE_PERMIT",
        "830000, HK_MACAO_RESIDENCE_PERMIT",
        "810000, TAIWAN_RESIDENCE_PERMIT",
        "820000, TAIWAN_RESIDENCE_PERMIT",
        "911840, HK_MACAO_RESIDENCE_PERMIT",
        "911840, RESIDENT_ID_CARD",
        "110105, FOREIGN_PERMANENT_RESIDENCE_CARD",
        "810000, FOREIGN_PERMANENT_RESIDENCE_CARD",
        "830000, FOREIGN_PERMANENT_RESIDENCE_CARD"
    })
    void checkWhenNumberOfAnotherDocumentThenWrongDocumentType(String region, IdentityDocumentType chosen) {
        DocumentCheck check = IdentityDocuments.check(chosen, gb11643(region, BIRTH, 11), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.WRONG_DOCUMENT_TYPE);
    }

    @Test
    void checkWhenExampleResidentIdAsHkMacaoPermitThenWrongDocumentType() {
        DocumentCheck check = IdentityDocuments.check(HK_MACAO_RESIDENCE_PERMIT, RESIDENT_ID, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.WRONG_DOCUMENT_TYPE);
        assertThat(check.problems().get(0).messageZh()).contains("居民身份证");
    }

    @ParameterizedTest
    @CsvSource({
        "810100, HK_MACAO_RESIDENCE_PERMIT",
        "820001, HK_MACAO_RESIDENCE_PERMIT",
        "990000, HK_MACAO_RESIDENCE_PERMIT",
        "830100, TAIWAN_RESIDENCE_PERMIT",
        "710000, TAIWAN_RESIDENCE_PERMIT"
    })
    void checkWhenPermitRegionNotExactThenUnknownRegion(String region, IdentityDocumentType type) {
        DocumentCheck check = IdentityDocuments.check(type, gb11643(region, BIRTH, 11), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_REGION);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 7, 12, 17, 18})
    void checkWhenPermitCharacterChangedThenInvalid(int position) {
        String number = gb11643("810000", BIRTH, 11);
        char original = number.charAt(position - 1);
        String changed = replace(number, position, (original == '1') ? '2' : '1');

        assertThat(IdentityDocuments.check(HK_MACAO_RESIDENCE_PERMIT, changed, TODAY)
                        .isValid())
                .isFalse();
    }

    @Test
    void checkWhenPermitBornInFutureThenFutureDate() {
        DocumentCheck check =
                IdentityDocuments.check(TAIWAN_RESIDENCE_PERMIT, gb11643("830000", TODAY.plusYears(1), 2), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.FUTURE_DATE);
    }

    // foreign permanent residence card

    @ParameterizedTest
    @CsvSource({"11, 840", "31, 392", "44, 410", "65, 643"})
    void checkWhen2023ForeignNumberThenValidWithBirthDateButNoSex(String province, String nationality) {
        String number = foreign2023(province, nationality, BIRTH, 12);

        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number, TODAY);

        assertThat(check.problems()).isEmpty();
        assertThat(check.number()).isEqualTo(number);
        assertThat(check.birthDate()).isEqualTo(BIRTH);
        assertThat(check.sex()).isNull();
    }

    @Test
    void checkWhen2023ForeignNumberEndsInLowerCaseXThenNormalised() {
        String number = Stream.iterate(0, (i) -> i + 1)
                .map((sequence) -> foreign2023("11", "840", BIRTH, sequence))
                .filter((n) -> n.endsWith("X"))
                .findFirst()
                .orElseThrow();

        DocumentCheck check =
                IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number.toLowerCase(Locale.ROOT), TODAY);

        assertThat(check.number()).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18})
    void checkWhen2023ForeignCharacterChangedThenInvalid(int position) {
        String number = foreign2023("11", "840", BIRTH, 12);
        for (char c : "0123456789X".toCharArray()) {
            if (c != number.charAt(position - 1)) {
                assertThat(IdentityDocuments.check(
                                        FOREIGN_PERMANENT_RESIDENCE_CARD, replace(number, position, c), TODAY)
                                .isValid())
                        .as("%s at position %d", c, position)
                        .isFalse();
            }
        }
    }

    @Test
    void checkWhen2023ForeignIssuingProvinceUnknownThenUnknownRegion() {
        String number = withCheckCharacter("999840" + "19850615" + "012");

        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.UNKNOWN_REGION);
        assertThat(check.problems().get(0).messageZh()).contains("第 2–3 位");
    }

    @ParameterizedTest
    @CsvSource({"19850230, impossible-date", "19851301, impossible-date", "18991231, too-old", "20991231, future-date"})
    void checkWhen2023ForeignBirthDateBadThenDateProblem(String birthDigits, String code) {
        String number = withCheckCharacter("911840" + birthDigits + "012");

        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(code);
    }

    @Test
    void checkWhen2023ForeignCheckCharacterWrongThenBadCheckCharacter() {
        String number = foreign2023("11", "840", BIRTH, 12);
        char wrong = (number.charAt(17) == '0') ? '1' : '0';

        DocumentCheck check =
                IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, replace(number, 18, wrong), TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHECK_CHARACTER);
        assertThat(check.problems().get(0).messageEn()).contains("should be " + number.charAt(17));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"USA110085061520", "GBR310099123101", "DEU000000000000", " usa 110085061520 ", "ＵＳＡ１１００８５０６１５２０"
            })
    void checkWhen2017ForeignNumberThenValidWithoutBirthDateOrSex(String typed) {
        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, typed, TODAY);

        assertThat(check.problems()).isEmpty();
        assertThat(check.number()).hasSize(15).isEqualTo(IdentityDocuments.normalise(typed));
        assertThat(check.birthDate()).isNull();
        assertThat(check.sex()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"US1110085061520, 3", "123110085061520, 1", "USA11008506152A, 15", "USAB10085061520, 4"})
    void checkWhen2017ForeignNumberHasWrongCharactersThenBadCharacters(String number, int position) {
        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(check.problems().get(0).messageZh()).contains(String.valueOf(position));
    }

    @ParameterizedTest
    @ValueSource(strings = {"USA11008506152", "USA1100850615201", "91184019850615012", "9118401985061501231"})
    void checkWhenForeignNumberNeither15Nor18ThenBadLengthNamingBoth(String number) {
        DocumentCheck check = IdentityDocuments.check(FOREIGN_PERMANENT_RESIDENCE_CARD, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.BAD_LENGTH);
        assertThat(check.problems().get(0).messageZh()).contains("15 位").contains("18 位");
    }

    @Test
    void checkWhen2017ForeignNumberAsResidentIdThenBadLength() {
        assertThat(IdentityDocuments.check(RESIDENT_ID_CARD, "USA110085061520", TODAY)
                        .problemCodes())
                .containsExactly(DocumentProblem.BAD_LENGTH);
    }

    // all types

    @ParameterizedTest
    @MethodSource("allTypesWithEmptyInput")
    void checkWhenNullOrBlankThenEmpty(IdentityDocumentType type, String number) {
        DocumentCheck check = IdentityDocuments.check(type, number, TODAY);

        assertThat(check.problemCodes()).containsExactly(DocumentProblem.EMPTY);
        assertThat(check.problems().get(0).messageZh()).contains(type.displayNameZh());
    }

    static Stream<Arguments> allTypesWithEmptyInput() {
        return Stream.of(IdentityDocumentType.values())
                .flatMap((type) -> Stream.of(
                        arguments(type, null),
                        arguments(type, ""),
                        arguments(type, "   "),
                        arguments(type, "\u3000\t")));
    }

    @Test
    void checkWhenTypeOrTodayMissingThenNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> IdentityDocuments.check(null, RESIDENT_ID, TODAY));
        assertThatNullPointerException().isThrownBy(() -> IdentityDocuments.check(RESIDENT_ID_CARD, RESIDENT_ID, null));
    }

    @ParameterizedTest
    @MethodSource("numbersWithProblems")
    void checkWhenInvalidThenEveryMessageNonEmptyAndWithoutTheNumber(IdentityDocumentType type, String number) {
        DocumentCheck check = IdentityDocuments.check(type, number, TODAY);
        String normalised = IdentityDocuments.normalise(number);

        assertThat(check.isValid()).isFalse();
        assertThat(check.problems()).allSatisfy((problem) -> {
            assertThat(problem.code()).isNotBlank();
            assertThat(problem.messageZh())
                    .isNotBlank()
                    .doesNotContain(normalised)
                    .doesNotContain(number.strip());
            assertThat(problem.messageEn())
                    .isNotBlank()
                    .doesNotContain(normalised)
                    .doesNotContain(number.strip());
        });
        assertThat(check.toString()).doesNotContain(normalised).doesNotContain(number.strip());
    }

    static Stream<Arguments> numbersWithProblems() {
        return Stream.of(
                arguments(RESIDENT_ID_CARD, "110105194912310025"),
                arguments(RESIDENT_ID_CARD, "99010519491331002X"),
                arguments(RESIDENT_ID_CARD, "1101051949123100AX"),
                arguments(RESIDENT_ID_CARD, "11010519491231002"),
                arguments(RESIDENT_ID_CARD, gb11643("810000", BIRTH, 11)),
                arguments(RESIDENT_ID_CARD, gb11643("110105", "18991231", 2)),
                arguments(RESIDENT_ID_CARD, gb11643("110105", "20991231", 2)),
                arguments(HK_MACAO_RESIDENCE_PERMIT, RESIDENT_ID),
                arguments(HK_MACAO_RESIDENCE_PERMIT, gb11643("810100", BIRTH, 11)),
                arguments(TAIWAN_RESIDENCE_PERMIT, gb11643("810000", BIRTH, 11)),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, RESIDENT_ID),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, withCheckCharacter("999840" + "19850615" + "012")),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, "US1110085061520"),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, "USA11008506152"));
    }

    @ParameterizedTest
    @MethodSource("validNumbers")
    void checkWhenValidThenToStringMasksTheNumberAndHidesTheBirthDate(IdentityDocumentType type, String number) {
        DocumentCheck check = IdentityDocuments.check(type, number, TODAY);

        assertThat(check.isValid()).isTrue();
        assertThat(check.toString())
                .doesNotContain(number)
                .contains(number.substring(0, 4) + "*")
                .contains("*" + number.substring(number.length() - 4));
        if (check.birthDate() != null) {
            assertThat(check.toString())
                    .doesNotContain(check.birthDate().toString())
                    .doesNotContain(number.substring(6, 14));
        }
    }

    static Stream<Arguments> validNumbers() {
        return Stream.of(
                arguments(RESIDENT_ID_CARD, RESIDENT_ID),
                arguments(HK_MACAO_RESIDENCE_PERMIT, gb11643("820000", BIRTH, 11)),
                arguments(TAIWAN_RESIDENCE_PERMIT, gb11643("830000", BIRTH, 11)),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, foreign2023("11", "840", BIRTH, 12)),
                arguments(FOREIGN_PERMANENT_RESIDENCE_CARD, "USA110085061520"));
    }
}
