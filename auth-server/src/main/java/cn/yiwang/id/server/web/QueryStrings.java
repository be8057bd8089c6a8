package cn.yiwang.id.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Rebuilds a query string from decoded request parameters (query and form body alike). */
final class QueryStrings {

    private QueryStrings() {}

    static String of(Map<String, String[]> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, values) -> {
            for (String value : values) {
                query.add(encode(name) + "=" + encode(value));
            }
        });
        return (query.length() > 0) ? query.toString() : null;
    }

    private static String encode(String value) {
        // %20 rather than "+": some readers of a saved URL decode percent-escapes only.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
