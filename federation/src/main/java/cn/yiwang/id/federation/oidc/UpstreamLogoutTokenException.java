package cn.yiwang.id.federation.oidc;

/**
 * A back-channel logout token was refused (Back-Channel Logout 1.0 §2.6): the endpoint answers HTTP 400 with
 * {@code invalid_request}, or 503 when {@link #upstreamUnavailable()} (the keys could not be fetched, and the
 * provider may retry).
 */
public final class UpstreamLogoutTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    private final boolean upstreamUnavailable;

    UpstreamLogoutTokenException(String alias, String reason, boolean upstreamUnavailable) {
        super("Logout token from upstream " + alias + " refused: " + reason, null, false, false);
        this.reason = reason;
        this.upstreamUnavailable = upstreamUnavailable;
    }

    /**
     * What is wrong with it.
     * @return a reason token such as {@code logout-token-nonce-present}
     */
    public String reason() {
        return this.reason;
    }

    /**
     * Whether the token could not be checked rather than was found wrong.
     * @return {@code true} when the provider's discovery document or keys could not be had
     */
    public boolean upstreamUnavailable() {
        return this.upstreamUnavailable;
    }
}
