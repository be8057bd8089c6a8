package cn.yiwang.id.account.totp;

/**
 * An authenticator being added: what the citizen scans or types into the app.
 *
 * @param secret the shared secret in base32, for typing by hand
 * @param uri the {@code otpauth://totp/...} URI that the QR code carries
 */
public record TotpEnrolment(String secret, String uri) {

    /** Leaves the secret out of logs. */
    @Override
    public String toString() {
        return "TotpEnrolment[secret=****]";
    }
}
