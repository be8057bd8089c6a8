package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Salted SHA-256 client secret hashes: {@code <salt>$<hex SHA-256 of salt + secret>}. */
class Sha256SecretEncoderTests {

    private final Sha256SecretEncoder encoder = new Sha256SecretEncoder();

    @Test
    void matchesWhenEncodedSecretThenTrue() {
        String encoded = this.encoder.encode("s3cr3t-value");

        assertThat(encoded).matches("[0-9a-f]{16}\\$[0-9a-f]{64}");
        assertThat(this.encoder.matches("s3cr3t-value", encoded)).isTrue();
    }

    @Test
    void encodeWhenSameSecretTwiceThenSaltMakesHashesDiffer() {
        String first = this.encoder.encode("s3cr3t-value");
        String second = this.encoder.encode("s3cr3t-value");

        assertThat(first).isNotEqualTo(second);
        assertThat(first.substring(0, first.indexOf('$'))).isNotEqualTo(second.substring(0, second.indexOf('$')));
        assertThat(this.encoder.matches("s3cr3t-value", second)).isTrue();
    }

    @Test
    void encodeWhenSecretHashedThenHashIsSha256OfSaltAndSecret() throws Exception {
        String encoded = this.encoder.encode("s3cr3t-value");
        String salt = encoded.substring(0, encoded.indexOf('$'));

        byte[] expected =
                MessageDigest.getInstance("SHA-256").digest((salt + "s3cr3t-value").getBytes(StandardCharsets.UTF_8));

        assertThat(encoded.substring(encoded.indexOf('$') + 1))
                .isEqualTo(HexFormat.of().formatHex(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t-valuE", "s3cr3t-value ", "", "s3cr3t"})
    void matchesWhenWrongSecretThenFalse(String wrong) {
        assertThat(this.encoder.matches(wrong, this.encoder.encode("s3cr3t-value")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "$",
                "0011$",
                "0011$not-hex",
                "0011$abc",
                "no separator, not hex",
                "0011$90f2854b12abf10cf4c6a3b7b88afe73310e59fea03329dca5258a30d139be5"
            })
    void matchesWhenHashMalformedThenFalse(String malformed) {
        assertThat(this.encoder.matches("s3cr3t-value", malformed)).isFalse();
    }

    @ParameterizedTest
    @NullSource
    void matchesWhenNullThenFalse(String nothing) {
        assertThat(this.encoder.matches("s3cr3t-value", nothing)).isFalse();
        assertThat(this.encoder.matches(nothing, this.encoder.encode("s3cr3t-value")))
                .isFalse();
    }
}
