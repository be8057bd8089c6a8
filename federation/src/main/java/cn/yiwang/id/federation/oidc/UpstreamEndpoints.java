package cn.yiwang.id.federation.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** URL rules shared by the upstream calls. */
final class UpstreamEndpoints {

    private UpstreamEndpoints() {}

    /**
     * Whether an upstream URL may be used: HTTPS, or plain HTTP to this machine (a test or a local mock).
     * Anything else would send the client secret, codes and tokens in clear.
     * @param uri the URL
     * @return whether it is acceptable
     */
    static boolean acceptable(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return "https".equals(scheme) || ("http".equals(scheme) && isLoopback(uri.getHost()));
    }

    /**
     * Parses an upstream URL.
     * @param value the text
     * @return the URL, or {@code null} when it is not {@linkplain #acceptable(URI) acceptable}
     */
    static URI parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            return acceptable(uri) ? uri : null;
        } catch (java.net.URISyntaxException ex) {
            return null;
        }
    }

    /**
     * The discovery document's URL (OIDC Discovery §4: a terminating {@code /} of the issuer is removed first).
     * @param issuer the issuer identifier
     * @return {@code issuer + /.well-known/openid-configuration}
     */
    static URI discovery(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /**
     * Adds query parameters to an endpoint, keeping the query it may already have (OIDC Core §3.1.2.1 allows one).
     * @param endpoint the endpoint
     * @param parameters the parameters, in order; {@code null} values are left out
     * @return the URL
     */
    static URI withQuery(URI endpoint, Map<String, String> parameters) {
        String query = form(parameters);
        String base = endpoint.toString();
        String separator;
        if (endpoint.getRawQuery() == null) {
            separator = "?";
        } else {
            separator = (base.endsWith("&") || base.endsWith("?")) ? "" : "&";
        }
        return URI.create(base + separator + query);
    }

    /**
     * Encodes parameters as {@code application/x-www-form-urlencoded}.
     * @param parameters the parameters, in order; {@code null} values are left out
     * @return the encoded form
     */
    static String form(Map<String, String> parameters) {
        StringJoiner joiner = new StringJoiner("&");
        parameters.forEach((name, value) -> {
            if (value != null) {
                joiner.add(encode(name) + "=" + encode(value));
            }
        });
        return joiner.toString();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isLoopback(String host) {
        return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host);
    }
}
