package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.RedirectBinding;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SamlNames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A Single Logout message as it reached our SP's single logout service, before anything in it is trusted.
 *
 * @param binding {@link SamlNames#BINDING_REDIRECT} or {@link SamlNames#BINDING_POST}
 * @param parameter {@code SAMLRequest} or {@code SAMLResponse}
 * @param message the message as sent: deflated and base64 (HTTP-Redirect) or base64 (HTTP-POST)
 * @param relayState the {@code RelayState}, or {@code null}
 * @param rawQuery with HTTP-Redirect, the query string exactly as received (its signature is over it); else
 *     {@code null}
 */
public record SamlInboundMessage(String binding, String parameter, String message, String relayState, String rawQuery) {

    /**
     * A message over HTTP-Redirect, read from the raw query only, so that the message checked is the one the
     * query signature covers.
     * @param rawQuery the query string as received
     * @return the message
     * @throws SamlException when the query carries no SAML message, or a SAML parameter twice
     */
    public static SamlInboundMessage redirect(String rawQuery) {
        Map<String, String> raw = RedirectBinding.rawParameters(rawQuery);
        String parameter = raw.containsKey("SAMLRequest") ? "SAMLRequest" : "SAMLResponse";
        if (!raw.containsKey(parameter) || (raw.containsKey("SAMLRequest") && raw.containsKey("SAMLResponse"))) {
            throw new SamlException("no_message", "The query carries no single SAML message");
        }
        String relayState = raw.containsKey("RelayState") ? decode(raw.get("RelayState")) : null;
        return new SamlInboundMessage(
                SamlNames.BINDING_REDIRECT, parameter, decode(raw.get(parameter)), relayState, rawQuery);
    }

    /**
     * A message over HTTP-POST.
     * @param parameter {@code SAMLRequest} or {@code SAMLResponse}
     * @param message the form value, base64
     * @param relayState the {@code RelayState} form value, or {@code null}
     * @return the message
     */
    public static SamlInboundMessage post(String parameter, String message, String relayState) {
        return new SamlInboundMessage(SamlNames.BINDING_POST, parameter, message, relayState, null);
    }

    /** @return whether it is a LogoutRequest (else a LogoutResponse) */
    public boolean isRequest() {
        return "SAMLRequest".equals(this.parameter);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            throw new SamlException("invalid_encoding", "The query is not URL-encoded properly");
        }
    }

    /** Keeps the (long) message out of logs. */
    @Override
    public String toString() {
        return "SamlInboundMessage[" + this.parameter + " over " + this.binding + "]";
    }
}
