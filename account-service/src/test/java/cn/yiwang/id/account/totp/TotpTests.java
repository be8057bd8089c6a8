package cn.yiwang.id.account.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Totp} against the SHA-1 test vectors of RFC 6238 Appendix B, and {@link Base32}. */
class TotpTests {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    // RFC 6238 Appendix B lists 8-digit codes; the 6-digit code is its last six digits (RFC 4226 §5.3)
    @ParameterizedTest
    @CsvSource({
        "59, 287082",
        "1111111109, 081804",
        "1111111111, 050471",
        "1234567890, 005924",
        "2000000000, 279037",
        "20000000000, 353130"
    })
    void codeWhenRfc6238VectorThenSameCode(long epochSeconds, String expected) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(epochSeconds))))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "29, 0", "30, 1", "59, 1", "60, 2"})
    void stepWhenTimeThenThirtySecondSteps(long epochSeconds, long step) {
        assertThat(Totp.step(Instant.ofEpochSecond(epochSeconds))).isEqualTo(step);
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32WhenRfc4648VectorThenEncodesAndDecodes(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base32.decode(encoded.toLowerCase()), StandardCharsets.US_ASCII))
                .isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource({"MZXW-6YTB OI, foobar", "MZXW6YTBOI======, foobar"})
    void base32DecodeWhenTypedByHandThenIgnoresSeparatorsAndPadding(String typed, String plain) {
        assertThat(new String(Base32.decode(typed), StandardCharsets.US_ASCII)).isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource({"MZXW1", "MZ0W"})
    void base32DecodeWhenOutsideAlphabetThenRefused(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode(text));
    }
}
