package cn.yiwang.id.federation.saml;

import java.net.URI;

/**
 * A signed Single Logout message for the browser to carry to an IdP: either a redirect (HTTP-Redirect binding,
 * the query signed) or a page that posts it (HTTP-POST binding, an enveloped signature).
 *
 * @param id the message's {@code ID} (a LogoutRequest's is what the LogoutResponse's {@code InResponseTo} carries)
 * @param redirectUri the URL to redirect the browser to, or {@code null} with the POST binding
 * @param postForm the HTML page to answer with, or {@code null} with the Redirect binding
 */
public record SamlOutboundMessage(String id, URI redirectUri, String postForm) {

    public SamlOutboundMessage {
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
        return "SamlOutboundMessage[" + this.id + ", " + (isRedirect() ? "redirect" : "post") + "]";
    }
}
