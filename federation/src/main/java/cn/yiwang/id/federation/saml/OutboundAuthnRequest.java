package cn.yiwang.id.federation.saml;

import java.net.URI;

/**
 * How to send the browser to a SAML IdP with our AuthnRequest, and what to keep until the response comes back:
 * either a redirect (HTTP-Redirect binding, the query signed) or a page that posts the signed request (HTTP-POST
 * binding, when the IdP offers only that).
 *
 * @param pending what to store, keyed by its relay state, for the assertion consumer service
 * @param redirectUri the URL to redirect the browser to, or {@code null} with the POST binding
 * @param postForm the HTML page to answer with, or {@code null} with the Redirect binding
 */
public record OutboundAuthnRequest(PendingSamlLogin pending, URI redirectUri, String postForm) {

    public OutboundAuthnRequest {
        if ((redirectUri == null) == (postForm == null)) {
            throw new IllegalArgumentException("exactly one of redirectUri and postForm");
        }
    }

    /** @return whether the browser is redirected (else it is given {@link #postForm()}) */
    public boolean isRedirect() {
        return this.redirectUri != null;
    }

    @Override
    public String toString() {
        return "OutboundAuthnRequest[" + this.pending + ", " + (isRedirect() ? "redirect" : "post") + "]";
    }
}
