package cn.yiwang.id.federation.oidc;

/**
 * A provincial identity provider cannot be used right now: its circuit is open, or its discovery document
 * could not be fetched or accepted. The login page says "this province's login is down right now" and offers
 * the other ways in.
 */
public final class UpstreamUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String alias;

    private final String reason;

    /**
     * Creates the exception for an open circuit.
     * @param alias the identity provider
     */
    public UpstreamUnavailableException(String alias) {
        this(alias, "upstream-unavailable");
    }

    /**
     * Creates the exception.
     * @param alias the identity provider
     * @param reason a reason token such as {@code upstream-unavailable} or {@code discovery-timeout}
     */
    public UpstreamUnavailableException(String alias, String reason) {
        super("Upstream identity provider " + alias + " is unavailable: " + reason);
        this.alias = alias;
        this.reason = reason;
    }

    public String alias() {
        return this.alias;
    }

    public String reason() {
        return this.reason;
    }
}
