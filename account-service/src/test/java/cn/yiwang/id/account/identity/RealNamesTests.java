package cn.yiwang.id.account.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealNamesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "张三",
                "欧阳娜娜",
                "阿依古丽·买买提",
                "John Smith",
                "O'Brien-Lee",
                "  张三  ",
                "Mary J. Blige",
                "José Núñez",
                "Ｊｏｈｎ Ｓｍｉｔｈ",
                "𠮷野家",
                "爱新觉罗·溥仪",
                "Li"
            })
    void checkWhenValidNameThenNoProblems(String name) {
        assertThat(RealNames.check(name)).isEmpty();
    }

    @Test
    void checkWhenLongestAllowedThenNoProblems() {
        assertThat(RealNames.check("张".repeat(30))).isEmpty();
        assertThat(RealNames.check("A".repeat(100))).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\u3000"})
    void checkWhenEmptyThenEmpty(String name) {
        assertThat(codes(RealNames.check(name))).containsExactly(DocumentProblem.EMPTY);
    }

    @ParameterizedTest
    @CsvSource({"张, 1", "A, 1"})
    void checkWhenOneCharacterThenBadLength(String name, int actual) {
        List<DocumentProblem> problems = RealNames.check(name);

        assertThat(codes(problems)).containsExactly(DocumentProblem.BAD_LENGTH);
        assertThat(problems.get(0).messageZh()).contains("实际为 " + actual);
    }

    @Test
    void checkWhen31ChineseCharactersThenBadLength() {
        List<DocumentProblem> problems = RealNames.check("张".repeat(31));

        assertThat(codes(problems)).containsExactly(DocumentProblem.BAD_LENGTH);
        assertThat(problems.get(0).messageZh()).contains("2–30").contains("31");
        assertThat(problems.get(0).messageEn()).contains("2 to 30").contains("31");
    }

    @Test
    void checkWhen101LatinCharactersThenBadLength() {
        assertThat(codes(RealNames.check("A".repeat(101)))).containsExactly(DocumentProblem.BAD_LENGTH);
    }

    @Test
    void checkWhenRareIdeographOutsideBmpThenCountedOnce() {
        assertThat(RealNames.check("𠮷".repeat(30))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "张三1",
                "12345",
                "张三😀",
                "😀😀",
                "张 三",
                "张三A",
                "John3",
                "John_Smith",
                "John@Smith",
                "阿依古丽・买买提",
                "阿依古丽•买买提",
                "Jean·Paul",
                "---"
            })
    void checkWhenDisallowedCharacterThenBadCharacters(String name) {
        List<DocumentProblem> problems = RealNames.check(name);

        assertThat(codes(problems)).containsExactly(DocumentProblem.BAD_CHARACTERS);
        assertThat(problems.get(0).messageZh()).isNotBlank();
        assertThat(problems.get(0).messageEn()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"·买买提", "阿依古丽·", "阿依古丽··买买提"})
    void checkWhenMiddleDotMisplacedThenBadCharacters(String name) {
        assertThat(codes(RealNames.check(name))).containsExactly(DocumentProblem.BAD_CHARACTERS);
    }

    @Test
    void checkWhenLookAlikeDotThenMessageNamesItsCodePoint() {
        List<DocumentProblem> problems = RealNames.check("阿依古丽・买买提");

        assertThat(problems.get(0).messageZh()).contains("第 5 个字符（U+30FB）").contains("U+00B7");
        assertThat(problems.get(0).messageEn()).contains("position 5 (U+30FB)");
    }

    @Test
    void checkWhenEmojiThenMessageNamesItsCodePoint() {
        assertThat(RealNames.check("张三😀").get(0).messageEn()).contains("position 3 (U+1F600)");
    }

    @Test
    void checkWhenSeveralProblemsThenAllReported() {
        assertThat(codes(RealNames.check("张".repeat(31) + "1")))
                .containsExactly(DocumentProblem.BAD_LENGTH, DocumentProblem.BAD_CHARACTERS);
    }

    @Test
    void checkWhenOverlongInputThenBadLengthWithoutNormalising() {
        assertThat(codes(RealNames.check("A".repeat(10_000)))).containsExactly(DocumentProblem.BAD_LENGTH);
    }

    @Test
    void normaliseWhenFullWidthAndPaddedThenNfkcAndStripped() {
        assertThat(RealNames.normalise("  Ｊｏｈｎ Ｓｍｉｔｈ ")).isEqualTo("John Smith");
        assertThat(RealNames.normalise(null)).isEmpty();
    }

    private static List<String> codes(List<DocumentProblem> problems) {
        return problems.stream().map(DocumentProblem::code).toList();
    }
}
