package cn.yiwang.id.federation.signin;

import java.net.URI;

/** Where the browser goes to sign in upstream, as {@link FederatedSignIn#start} prepared it. */
public sealed interface UpstreamStart {

    /** Send the browser to this URI (OIDC authorization request, SAML HTTP-Redirect binding). */
    record Redirect(URI uri) implements UpstreamStart {}

    /** Serve this auto-posting page (SAML HTTP-POST binding). */
    record PostForm(String html) implements UpstreamStart {}

    /** No enabled identity provider has this alias. */
    record UnknownProvider() implements UpstreamStart {}

    /** The identity provider cannot be reached now (discovery, metadata). */
    record Unavailable() implements UpstreamStart {}
}
