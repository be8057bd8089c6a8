package cn.yiwang.id.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class NativeArgon2PasswordEncoderTests {

    // libsodium kept out: these are libargon2's tests (SodiumArgon2idTests has libsodium's)
    private static final NativeArgon2PasswordEncoder encoder =
            new NativeArgon2PasswordEncoder(16, 32, 1, 7168, 5, false);

    private static final Argon2PasswordEncoder java = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);

    @BeforeAll
    static void nativeLibrary() {
        assumeThat(encoder.isNative())
                .as("libargon2 loads on this machine (bundled for Linux, macOS and Windows)")
                .isTrue();
    }

    @Test
    void writesTheSameParametersAndFormatAsSpringSecurity() {
        String hash = encoder.encode("Demo@2026!");
        assertThat(hash).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        // 16-byte salt and 32-byte hash, base64 without padding: 22 and 43 characters
        String[] parts = hash.split("\\$");
        assertThat(parts[4]).hasSize(22);
        assertThat(parts[5]).hasSize(43);
        assertThat(encoder.encode("Demo@2026!")).isNotEqualTo(hash);
    }

    @Test
    void eachVerifiesTheOthersHashes() {
        String password = "密码 Demo@2026!";
        assertThat(java.matches(password, encoder.encode(password))).isTrue();
        assertThat(encoder.matches(password, java.encode(password))).isTrue();
        assertThat(encoder.matches("Demo@2026?", java.encode(password))).isFalse();
        assertThat(encoder.matches("", encoder.encode(""))).isTrue();
    }

    @Test
    void otherVariantsAndMalformedHashesAreLeftToTheJavaEncoder() {
        Argon2PasswordEncoder argon2i = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2();
        // Spring's v5.2 defaults write argon2id too; a hand-made argon2i string goes the Java way
        String argon2iHash = argon2i.encode("pw").replace("$argon2id$", "$argon2i$");
        assertThat(encoder.matches("pw", argon2iHash)).isFalse();
        assertThat(encoder.matches("pw", "$argon2id$v=19$m=7168,t=5,p=1$notbase64!$x"))
                .isFalse();
        assertThat(encoder.matches("pw", "plain")).isFalse();
        assertThat(encoder.matches(null, encoder.encode("pw"))).isFalse();
    }

    @Test
    void weakerStoredParametersAskForAnUpgrade() {
        Argon2PasswordEncoder weaker = new Argon2PasswordEncoder(16, 32, 1, 4096, 3);
        assertThat(encoder.upgradeEncoding(weaker.encode("pw"))).isTrue();
        assertThat(encoder.upgradeEncoding(encoder.encode("pw"))).isFalse();
    }
}
