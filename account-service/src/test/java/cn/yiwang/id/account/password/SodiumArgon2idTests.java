package cn.yiwang.id.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

class SodiumArgon2idTests {

    private static final NativeArgon2PasswordEncoder encoder = new NativeArgon2PasswordEncoder(16, 32, 1, 7168, 5);

    private static final Argon2PasswordEncoder java = new Argon2PasswordEncoder(16, 32, 1, 7168, 5);

    @BeforeAll
    static void libsodium() {
        assumeThat(encoder.isSodium())
                .as("libsodium is installed (Debian: libsodium23, on this machine kind)")
                .isTrue();
    }

    @Test
    void writesTheSameParametersAndFormatAsSpringSecurity() {
        String hash = encoder.encode("Demo@2026!");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=7168,t=5,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(encoder.encode("Demo@2026!")).isNotEqualTo(hash);
    }

    @Test
    void springSecurityAndLibargon2VerifyItsHashesAndItVerifiesTheirs() {
        String password = "密码 Demo@2026!";
        String ours = encoder.encode(password);
        assertThat(java.matches(password, ours)).isTrue();
        assertThat(java.matches("Demo@2026?", ours)).isFalse();
        assertThat(encoder.matches(password, java.encode(password))).isTrue();
        assertThat(encoder.matches("Demo@2026?", java.encode(password))).isFalse();
        String libargon2 = Argon2Factory.create(Argon2Types.ARGON2id, 16, 32)
                .hash(5, 7168, 1, password.toCharArray(), StandardCharsets.UTF_8);
        assertThat(encoder.matches(password, libargon2)).isTrue();
        assertThat(Argon2Factory.create(Argon2Types.ARGON2id)
                        .verify(ours, password.toCharArray(), StandardCharsets.UTF_8))
                .isTrue();
        assertThat(encoder.matches("", encoder.encode(""))).isTrue();
    }

    @Test
    void storedHashesWithOtherParametersStillVerifyThroughTheOtherImplementations() {
        // p = 2 and a 32-byte salt are beyond libsodium: libargon2 or BouncyCastle decide
        Argon2PasswordEncoder twoLanes = new Argon2PasswordEncoder(16, 32, 2, 4096, 3);
        Argon2PasswordEncoder longSalt = new Argon2PasswordEncoder(32, 64, 1, 4096, 3);
        String a = twoLanes.encode("pw");
        String b = longSalt.encode("pw");
        assertThat(SodiumArgon2id.parse(a)).isNull();
        assertThat(SodiumArgon2id.parse(b)).isNull();
        assertThat(encoder.matches("pw", a)).isTrue();
        assertThat(encoder.matches("pw", b)).isTrue();
        assertThat(encoder.matches("pW", b)).isFalse();
        // weaker parameters with p = 1 and a 16-byte salt: libsodium, and an upgrade is asked for
        String weaker = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode("pw");
        assertThat(SodiumArgon2id.parse(weaker)).isNotNull();
        assertThat(encoder.matches("pw", weaker)).isTrue();
        assertThat(encoder.upgradeEncoding(weaker)).isTrue();
    }

    @Test
    void malformedStringsAreRefusedWithoutAnError() {
        assertThat(SodiumArgon2id.parse("$argon2id$v=19$m=7168,t=5,p=1$notbase64!$x"))
                .isNull();
        assertThat(SodiumArgon2id.parse("$argon2id$v=16$m=7168,t=5,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .as("only version 19")
                .isNull();
        assertThat(SodiumArgon2id.parse("$argon2id$v=19$m=4,t=5,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .as("below libsodium's 8 KiB")
                .isNull();
        assertThat(SodiumArgon2id.parse("$argon2id$v=19$m=99999999999,t=5,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .isNull();
        assertThat(SodiumArgon2id.parse("$argon2id$v=19$m=2000000000,t=5,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                .as("more than 1 GiB is not tried")
                .isNull();
        assertThat(encoder.matches("pw", "$argon2id$v=19$m=7168,t=5,p=1$notbase64!$x"))
                .isFalse();
        assertThat(encoder.matches("pw", "plain")).isFalse();
        assertThat(encoder.matches(null, encoder.encode("pw"))).isFalse();
    }
}
