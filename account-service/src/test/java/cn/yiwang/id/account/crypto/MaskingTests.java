package cn.yiwang.id.account.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskingTests {

    @Test
    void phoneWhenMobileThenKeepsFirstThreeAndLastFour() {
        assertThat(Masking.phone("13812345678")).isEqualTo("138****5678");
    }

    @Test
    void idNumberWhenEighteenCharactersThenKeepsFirstFourAndLastFour() {
        assertThat(Masking.idNumber("310101199001011234")).isEqualTo("3101**********1234");
        assertThat(Masking.idNumber("31010119900101123X")).isEqualTo("3101**********123X");
    }

    @ParameterizedTest
    @CsvSource({"1234567, *******", "123, ***"})
    void phoneWhenShortThenFullyMasked(String value, String masked) {
        assertThat(Masking.phone(value)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({"12345678, ********", "1234, ****", "123456789, 1234*6789"})
    void idNumberWhenShortThenFullyMaskedUntilSomethingCanBeHidden(String value, String masked) {
        assertThat(Masking.idNumber(value)).isEqualTo(masked);
    }

    @Test
    void maskWhenNullThenNull() {
        assertThat(Masking.phone(null)).isNull();
        assertThat(Masking.idNumber(null)).isNull();
    }
}
