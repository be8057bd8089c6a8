package cn.yiwang.id.server.authorization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The digest a token is stored and found by: the first 128 bits of its SHA-256. Enough to tell tokens apart and to
 * make a stolen Redis dump useless for presenting tokens; the token itself is never stored.
 */
final class TokenDigests {

    static final int LENGTH = 16;

    /** The prefix of a token value that stands for a token known only by its digest (read back by id). */
    static final String PLACEHOLDER = "#";

    private TokenDigests() {}

    static byte[] of(String tokenValue) {
        if (tokenValue.startsWith(PLACEHOLDER)) {
            return Base64.getUrlDecoder().decode(tokenValue.substring(PLACEHOLDER.length()));
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(hash, LENGTH);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String text(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static String placeholder(byte[] digest) {
        return PLACEHOLDER + text(digest);
    }

    static boolean isPlaceholder(String tokenValue) {
        return tokenValue.startsWith(PLACEHOLDER);
    }
}
