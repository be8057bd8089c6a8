package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The client secret encoder: {@code {sha256}} by default, {@code {bcrypt}} and others accepted. */
class ClientSecretsTests {

    /** The demo secret "demo-secret" as hashed in config/demo-clients.yml. */
    private static final String DEMO_HASH =
            "{sha256}5f1c2a9e0b7d4e63$" + "90f2854b12abf10cf4c6a3b7b88afe73310e59fea03329dca5258a30d139be58";

    private final PasswordEncoder encoder = ClientSecrets.encoder();

    @Test
    void encodeWhenSecretThenSha256WithSalt() {
        String encoded = this.encoder.encode("s3cr3t-value");

        assertThat(encoded).matches("\\{sha256}[0-9a-f]{16}\\$[0-9a-f]{64}");
        assertThat(this.encoder.matches("s3cr3t-value", encoded)).isTrue();
        assertThat(this.encoder.matches("other", encoded)).isFalse();
    }

    @Test
    void matchesWhenSha256HashWrittenByHandThenTrue() throws Exception {
        String salt = "a1b2c3d4e5f60718";
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((salt + "hand-made-secret").getBytes(StandardCharsets.UTF_8));
        String hash = "{sha256}" + salt + "$" + HexFormat.of().formatHex(digest);

        assertThat(this.encoder.matches("hand-made-secret", hash)).isTrue();
        assertThat(this.encoder.matches("hand-made-secreT", hash)).isFalse();
    }

    @Test
    void matchesWhenDemoClientHashThenDemoSecretMatches() {
        assertThat(this.encoder.matches("demo-secret", DEMO_HASH)).isTrue();
        assertThat(this.encoder.matches("demo-secretx", DEMO_HASH)).isFalse();
    }

    @Test
    void matchesWhenBcryptHashThenTrue() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("bcrypt-secret");

        assertThat(this.encoder.matches("bcrypt-secret", hash)).isTrue();
        assertThat(this.encoder.matches("bcrypt-secreT", hash)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{sha256}", "{sha256}0011$zz", "{bcrypt}not-a-bcrypt-hash"})
    void matchesWhenHashMalformedThenFalse(String malformed) {
        assertThat(this.encoder.matches("s3cr3t-value", malformed)).isFalse();
    }
}
