package cn.yiwang.id.federation.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets that take the same time wherever the first difference is. */
final class ConstantTime {

    private ConstantTime() {}

    /**
     * Compares two values, such as a returned {@code state} with the stored one.
     * @param expected the value we hold
     * @param actual the value received, possibly {@code null}
     * @return whether they are equal
     */
    static boolean equal(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
