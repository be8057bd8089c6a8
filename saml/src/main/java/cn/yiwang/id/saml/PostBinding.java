package cn.yiwang.id.saml;

import java.util.Base64;

/** The HTTP-POST binding (SAML bindings §3.5): a base64 message in a form the browser posts on. */
public final class PostBinding {

    private PostBinding() {}

    /** A page that posts the message to {@code action}, without a script nonce. */
    public static String form(String action, String param, byte[] xml, String relayState) {
        return form(action, param, xml, relayState, null);
    }

    /**
     * A page that posts the message to {@code action}; the script carries {@code nonce} so a strict
     * Content-Security-Policy can allow it, and the button works without script.
     */
    public static String form(String action, String param, byte[] xml, String relayState, String nonce) {
        StringBuilder html = new StringBuilder(1024 + xml.length * 2);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SAML</title></head>")
                .append("<body><form id=\"saml\" method=\"post\" action=\"")
                .append(escape(action))
                .append("\">")
                .append("<input type=\"hidden\" name=\"")
                .append(escape(param))
                .append("\" value=\"")
                .append(Base64.getEncoder().encodeToString(xml))
                .append("\">");
        if (relayState != null && !relayState.isEmpty()) {
            html.append("<input type=\"hidden\" name=\"RelayState\" value=\"")
                    .append(escape(relayState))
                    .append("\">");
        }
        html.append("<noscript><p>继续 / Continue</p></noscript><button type=\"submit\">继续 / Continue</button></form>")
                .append("<script");
        if (nonce != null) {
            html.append(" nonce=\"").append(escape(nonce)).append('"');
        }
        html.append(">document.getElementById('saml').submit();</script></body></html>");
        return html.toString();
    }

    /** Base64 (line breaks tolerated) to bytes, refusing oversized messages before decoding them. */
    public static byte[] decode(String value) {
        if (value == null || value.isBlank()) {
            throw new SamlException("empty_message", "No SAML message");
        }
        if (value.length() > SecureXml.MAX_BYTES * 4 / 3 + 4096) {
            throw new SamlException("message_too_large", "The message is too large");
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException ex) {
            throw new SamlException("malformed_encoding", "The message is not base64");
        }
    }

    static String escape(String value) {
        return value.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("'", "&#39;");
    }
}
