package cn.yiwang.id.federation.oidc;

import java.net.URI;

/**
 * Where to send the browser to sign in at an upstream identity provider, and what to keep until it comes back.
 *
 * @param pending what to store, keyed by its state, for the callback
 * @param authorizationUri the upstream authorization request (OIDC Core §3.1.2.1), to redirect the browser to
 */
public record UpstreamAuthorizationRequest(PendingUpstreamLogin pending, URI authorizationUri) {

    /** Never prints the pending login's secrets. */
    @Override
    public String toString() {
        return "UpstreamAuthorizationRequest[" + this.pending + "]";
    }
}
