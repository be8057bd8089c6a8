package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.UpstreamIdentity;

/** How an upstream sign-in came back: authenticated, denied by the upstream, or failed here. */
public sealed interface UpstreamResult {

    /**
     * The upstream authenticated the citizen, and everything it sent checked out.
     * @param identity who the upstream says the citizen is, mapped
     */
    record Authenticated(UpstreamIdentity identity) implements UpstreamResult {}

    /**
     * The upstream answered with an error (RFC 6749 §4.1.2.1): the citizen cancelled, or the upstream refused.
     * @param error the error code, such as {@code access_denied}
     * @param description the upstream's description, cleaned of control characters and shortened, or {@code null};
     * upstream text, to show with care and never to log
     */
    record Denied(String error, String description) implements UpstreamResult {}

    /**
     * The sign-in could not be completed: the callback, the token response or the ID token was not valid, or the
     * upstream was unavailable.
     * @param reason a reason token, such as {@code state-mismatch}, {@code id-token-expired},
     * {@code token-endpoint-timeout} or {@code upstream-unavailable}; safe to log
     */
    record Failed(String reason) implements UpstreamResult {}
}
