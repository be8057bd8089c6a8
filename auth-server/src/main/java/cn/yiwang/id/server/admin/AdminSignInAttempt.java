package cn.yiwang.id.server.admin;

/**
 * A sign-in to the console in progress, kept in Redis under the browser's attempt cookie.
 *
 * @param username who passed the password step; null before
 * @param pendingSecretEncrypted an authenticator secret being enrolled (encrypted); null otherwise
 * @param kept the request to go back to after sign-in; null when none
 */
public record AdminSignInAttempt(String username, String pendingSecretEncrypted, KeptRequest kept) {

    /** Nothing yet. */
    public static AdminSignInAttempt empty() {
        return new AdminSignInAttempt(null, null, null);
    }

    public AdminSignInAttempt withUsername(String name) {
        return new AdminSignInAttempt(name, null, this.kept);
    }

    public AdminSignInAttempt withPendingSecret(String secret) {
        return new AdminSignInAttempt(this.username, secret, this.kept);
    }

    public AdminSignInAttempt withKept(KeptRequest request) {
        return new AdminSignInAttempt(this.username, this.pendingSecretEncrypted, request);
    }

    /** Leaves the secret out of logs. */
    @Override
    public String toString() {
        return "AdminSignInAttempt[username=" + this.username + "]";
    }
}
