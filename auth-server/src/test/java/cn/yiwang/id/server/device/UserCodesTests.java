package cn.yiwang.id.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserCodesTests {

    private final UserCodes codes = new UserCodes(new SecureRandom());

    @Test
    void nextWhenDrawnManyTimesThenFormatHoldsAndEveryLetterIsUsedEvenly() {
        Map<Character, Integer> counts = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            String code = this.codes.next();
            assertThat(code).matches(UserCodes.FORMAT);
            code.replace("-", "").chars().forEach((c) -> counts.merge((char) c, 1, Integer::sum));
        }
        assertThat(counts.keySet()).hasSize(20);
        int expected = draws * 8 / 20;
        // uniform draws: each letter within 10 % of its share (8000 each; the deviation is about 1 %)
        counts.forEach((letter, count) ->
                assertThat(count).as("letter %s", letter).isBetween(expected * 9 / 10, expected * 11 / 10));
    }

    @Test
    void alphabetWhenReadThenNoVowelsNoDigitsNoLookAlikes() {
        assertThat(UserCodes.ALPHABET).hasSize(20).doesNotContain("A", "E", "I", "O", "U", "Y", "0", "1");
        assertThat(UserCodes.ALPHABET.chars().distinct().count()).isEqualTo(20);
    }
}
