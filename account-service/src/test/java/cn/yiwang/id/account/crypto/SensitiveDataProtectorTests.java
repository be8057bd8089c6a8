package cn.yiwang.id.account.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensitiveDataProtectorTests {

    private static final String KEY_1 = randomKey(32);

    private static final String KEY_2 = randomKey(32);

    private static final String INDEX_KEY = randomKey(32);

    private final SensitiveDataProtector protector =
            new SensitiveDataProtector(new CryptoProperties("k1", Map.of("k1", KEY_1), INDEX_KEY));

    @Test
    void decryptWhenEncryptedThenRoundTrips() {
        String ciphertext = this.protector.encrypt("13812345678");
        assertThat(ciphertext).startsWith("k1:").doesNotContain("13812345678");
        assertThat(this.protector.decrypt(ciphertext)).isEqualTo("13812345678");
    }

    @Test
    void encryptWhenSameValueTwiceThenDifferentCiphertexts() {
        assertThat(this.protector.encrypt("13812345678")).isNotEqualTo(this.protector.encrypt("13812345678"));
    }

    @Test
    void decryptWhenWrittenWithRotatedOutKeyThenUsesThatKey() {
        String old = this.protector.encrypt("13812345678");
        SensitiveDataProtector rotated =
                new SensitiveDataProtector(new CryptoProperties("k2", Map.of("k1", KEY_1, "k2", KEY_2), INDEX_KEY));
        assertThat(rotated.decrypt(old)).isEqualTo("13812345678");
        assertThat(rotated.encrypt("13812345678")).startsWith("k2:");
    }

    @Test
    void decryptWhenCiphertextTamperedThenIllegalArgument() {
        String ciphertext = this.protector.encrypt("13812345678");
        byte[] bytes = Base64.getUrlDecoder().decode(ciphertext.substring(3));
        bytes[bytes.length / 2] ^= 1;
        String tampered = "k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.protector.decrypt(tampered))
                .withMessageContaining("authentication");
    }

    @Test
    void decryptWhenKeyIdRelabelledThenIllegalArgument() {
        // the same key under two ids: only the associated data tells them apart
        SensitiveDataProtector twoIds =
                new SensitiveDataProtector(new CryptoProperties("a", Map.of("a", KEY_1, "b", KEY_1), INDEX_KEY));
        String relabelled = "b" + twoIds.encrypt("13812345678").substring(1);
        assertThatIllegalArgumentException().isThrownBy(() -> twoIds.decrypt(relabelled));
    }

    @Test
    void decryptWhenUnknownKeyIdThenIllegalArgument() {
        String ciphertext = this.protector.encrypt("13812345678");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.protector.decrypt("k9" + ciphertext.substring(2)))
                .withMessageContaining("k9");
    }

    @Test
    void blindIndexWhenSameValueThenStableAndKeyed() {
        String index = this.protector.blindIndex("13812345678");
        assertThat(index).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(this.protector.blindIndex("13812345678")).isEqualTo(index);
        assertThat(this.protector.blindIndex("13812345679")).isNotEqualTo(index);
        SensitiveDataProtector otherKey =
                new SensitiveDataProtector(new CryptoProperties("k1", Map.of("k1", KEY_1), randomKey(32)));
        assertThat(otherKey.blindIndex("13812345678")).isNotEqualTo(index);
    }

    @Test
    void constructorWhenDataKeyNot32BytesThenNamesProperty() {
        assertThatIllegalStateException()
                .isThrownBy(() ->
                        new SensitiveDataProtector(new CryptoProperties("k1", Map.of("k1", randomKey(16)), INDEX_KEY)))
                .withMessageContaining("yiwang.crypto.data-keys[k1]")
                .withMessageContaining("16 bytes");
    }

    @Test
    void constructorWhenActiveKeyMissingThenNamesProperty() {
        assertThatIllegalStateException()
                .isThrownBy(
                        () -> new SensitiveDataProtector(new CryptoProperties("k2", Map.of("k1", KEY_1), INDEX_KEY)))
                .withMessageContaining("yiwang.crypto.active-key-id");
    }

    @Test
    void constructorWhenBlindIndexKeyShortThenNamesProperty() {
        assertThatIllegalStateException()
                .isThrownBy(() ->
                        new SensitiveDataProtector(new CryptoProperties("k1", Map.of("k1", KEY_1), randomKey(16))))
                .withMessageContaining("yiwang.crypto.blind-index-key");
    }

    @Test
    void constructorWhenKeyNotBase64ThenNamesProperty() {
        assertThatIllegalStateException()
                .isThrownBy(() ->
                        new SensitiveDataProtector(new CryptoProperties("k1", Map.of("k1", "not base64!"), INDEX_KEY)))
                .withMessageContaining("yiwang.crypto.data-keys[k1]");
    }

    private static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
