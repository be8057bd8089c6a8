package cn.yiwang.id.account;

/**
 * What is needed to create an account: a user name, a phone number, or both, and a password.
 *
 * @param username the user name (normalised and validated on creation), or {@code null}
 * @param phone a mainland mobile number in any common formatting, or {@code null}
 * @param rawPassword the password in clear; hashed before it is stored
 */
public record NewAccount(String username, String phone, String rawPassword) {

    public NewAccount {
        if (isBlank(username) && isBlank(phone)) {
            throw new IllegalArgumentException("An account needs a username or a phone number");
        }
        if (rawPassword == null || rawPassword.isEmpty()) {
            throw new IllegalArgumentException("An account needs a password");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Leaves the password and phone out of logs. */
    @Override
    public String toString() {
        return "NewAccount[username=" + this.username + "]";
    }
}
