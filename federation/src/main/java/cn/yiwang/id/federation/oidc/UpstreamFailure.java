package cn.yiwang.id.federation.oidc;

/**
 * Why one step of an upstream sign-in could not go on, as a short token ({@code token-endpoint-timeout},
 * {@code id-token-wrong-issuer}) that is safe to log and to count: never a token, an identifier or upstream
 * free text.
 *
 * <p>Internal to the package: the public API turns it into {@link UpstreamResult.Failed},
 * {@link UpstreamUnavailableException} or {@link UpstreamLogoutTokenException}.
 */
final class UpstreamFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean unavailable;

    private UpstreamFailure(String reason, boolean unavailable) {
        // an expected outcome, thrown per bad request: no stack trace to fill
        super(reason, null, false, false);
        this.unavailable = unavailable;
    }

    /**
     * The upstream answered, and the answer is not acceptable.
     * @param reason the reason token
     * @return the failure
     */
    static UpstreamFailure invalid(String reason) {
        return new UpstreamFailure(reason, false);
    }

    /**
     * The upstream could not be reached or did not answer usefully (circuit open, timeout, 5xx).
     * @param reason the reason token
     * @return the failure
     */
    static UpstreamFailure unavailable(String reason) {
        return new UpstreamFailure(reason, true);
    }

    String reason() {
        return getMessage();
    }

    boolean isUnavailable() {
        return this.unavailable;
    }
}
