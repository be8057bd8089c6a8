package cn.yiwang.id.server.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Salted SHA-256 of a client secret: {@code <salt>$<hex SHA-256 of salt + secret>}. Client secrets are
 * long random values, so a slow password hash adds no protection and would cap the token endpoint
 * (user passwords use Argon2id). The salt keeps equal secrets from having equal hashes.
 */
public final class Sha256SecretEncoder implements PasswordEncoder {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] saltBytes = new byte[8];
        this.random.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        return salt + "$" + HexFormat.of().formatHex(digest(salt + rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return false;
        }
        int separator = encodedPassword.indexOf('$');
        String salt = (separator >= 0) ? encodedPassword.substring(0, separator) : "";
        byte[] expected;
        try {
            expected = HexFormat.of()
                    .parseHex(encodedPassword.substring(separator + 1).trim().toLowerCase());
        } catch (IllegalArgumentException ex) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(salt + rawPassword));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
