package cn.yiwang.id.server.account;

import java.util.Optional;

/** What a new password must be, wherever one is chosen (registration, reset, change). */
public final class PasswordRules {

    public static final int MIN = 8;

    public static final int MAX = 128;

    private PasswordRules() {}

    /**
     * @param password the new password
     * @param confirmation the same typed again
     * @param phone the account's mobile number (11 digits), or null
     * @return the message key of the first problem: {@code password.error.mismatch} or
     *     {@code password.error.rules}; empty when the password is acceptable
     */
    public static Optional<String> problem(String password, String confirmation, String phone) {
        if (password == null
                || password.length() < MIN
                || password.length() > MAX
                || (phone != null && password.contains(phone))) {
            return Optional.of("password.error.rules");
        }
        if (!password.equals(confirmation)) {
            return Optional.of("password.error.mismatch");
        }
        return Optional.empty();
    }
}
