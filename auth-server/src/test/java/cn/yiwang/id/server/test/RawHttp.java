package cn.yiwang.id.server.test;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Plain HTTP exchanges with the test server, the way a hand-written client or an attacker would
 * send them: redirects are never followed, so a test sees exactly what the server answered.
 */
public final class RawHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RawHttp() {}

    /** A GET as a browser sends it (Accept: text/html), without following redirects. */
    public static HttpResponse<String> getHtml(String url) throws IOException, InterruptedException {
        return get(url, "text/html,application/xhtml+xml");
    }

    /** A GET as a browser sends it, with extra headers (Accept-Language, Origin ...), without following redirects. */
    public static HttpResponse<String> getHtmlWithHeaders(String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "text/html,application/xhtml+xml")
                .GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    public static HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        return get(url, accept, null);
    }

    /** A GET with the given Accept and Cookie headers (either may be null), without following redirects. */
    public static HttpResponse<String> get(String url, String accept, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request.build());
    }

    /** A REST call with a bearer token (or none), accepting JSON. */
    public static HttpResponse<String> withBearer(String method, String url, String accessToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return send(request.build());
    }

    /**
     * A form POST accepting JSON. {@code form} is name, value, name, value ...; a name may repeat.
     * {@code authorization} is the Authorization header value, or null.
     */
    public static HttpResponse<String> postForm(String url, String authorization, String... form)
            throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return postFormWithHeaders(url, headers, form);
    }

    /** A form POST with exactly the given request headers (Accept, Authorization, Cookie ...). */
    public static HttpResponse<String> postFormWithHeaders(String url, Map<String, String> headers, String... form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        headers.forEach(request::header);
        return send(request.build());
    }

    /** RFC 6749 §2.3.1: client_id and secret form-encoded, then Base64 (client_secret_basic). */
    public static String basic(String clientId, String secret) {
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    public static String form(String... form) {
        if (form.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < form.length; i += 2) {
            pairs.add(URLEncoder.encode(form[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException ex) {
            throw new AssertionError("Not a JSON object (" + response.statusCode() + "): " + response.body(), ex);
        }
    }

    /** The decoded query parameters of a URL (first value of each), e.g. of a redirect's Location. */
    public static Map<String, String> queryParameters(String url) {
        return UriComponentsBuilder.fromUriString(url).build().getQueryParams().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        (e) -> UriUtils.decode(String.valueOf(e.getValue().get(0)), StandardCharsets.UTF_8),
                        (a, b) -> a,
                        LinkedHashMap::new));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
