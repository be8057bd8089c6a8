package cn.yiwang.id.server.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * SHA-256 of a client secret, hex encoded. Client secrets are long random values, so a slow
 * password hash adds no protection and would cap the token endpoint; user passwords use Argon2id.
 */
public final class Sha256SecretEncoder implements PasswordEncoder {

    @Override
    public String encode(CharSequence rawPassword) {
        return HexFormat.of().formatHex(digest(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        byte[] expected;
        try {
            expected = HexFormat.of().parseHex(encodedPassword.trim().toLowerCase());
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(rawPassword));
    }

    private static byte[] digest(CharSequence value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
