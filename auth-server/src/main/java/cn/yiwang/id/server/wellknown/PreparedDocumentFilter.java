package cn.yiwang.id.server.wellknown;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Serves the public documents every relying party and resource server fetches (the JWK Set, the OpenID Provider
 * configuration, the RFC 8414 metadata) from bytes prepared once, with a strong {@code ETag} and
 * {@code Cache-Control}, and answers {@code If-None-Match} with 304 (RFC 9110 §13.1.2, §15.4.5). The documents are
 * still made by Spring Authorization Server's own endpoints: the first request after a change passes through them
 * and its response is kept. A document is prepared again when its version changes (the published signing keys for
 * the JWK Set: a rotation shows at once) and, to pick up any other change, at the latest after {@code recheck}; its
 * {@code ETag} is the digest of its bytes, so it changes exactly when they do. Cross-origin requests go through the
 * whole chain, whose CORS answer depends on the origin.
 */
public final class PreparedDocumentFilter extends OncePerRequestFilter {

    /**
     * A document served from prepared bytes.
     *
     * @param path its request path
     * @param cacheControl the {@code Cache-Control} it is served with
     * @param version what it is made from; a different value prepares it again
     */
    public record Document(String path, String cacheControl, Supplier<Object> version) {}

    private record Prepared(
            Object version,
            Instant preparedAt,
            byte[] body,
            String etag,
            String cacheControl,
            Map<String, List<String>> headers) {}

    // set per response, or by this filter itself
    private static final Set<String> NOT_REPLAYED = Set.of(
            "etag", "cache-control", "content-length", "date", "set-cookie", "transfer-encoding", "vary", "connection");

    private final Map<String, Document> documents = new LinkedHashMap<>();

    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    private final Duration recheck;

    private final Clock clock;

    public PreparedDocumentFilter(List<Document> documents, Duration recheck, Clock clock) {
        documents.forEach((document) -> this.documents.put(document.path(), document));
        this.recheck = recheck;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
        return !read
                || request.getQueryString() != null
                || request.getHeader(HttpHeaders.ORIGIN) != null
                || !this.documents.containsKey(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Document document = this.documents.get(request.getRequestURI());
        Object version = document.version().get();
        Instant now = this.clock.instant();
        Prepared current = this.prepared.get(document.path());
        if (current == null
                || !Objects.equals(current.version(), version)
                || now.isAfter(current.preparedAt().plus(this.recheck))) {
            prepare(request, response, chain, document, version, now);
            return;
        }
        current.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
        send(request, response, current);
    }

    private void prepare(
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain,
            Document document,
            Object version,
            Instant now)
            throws ServletException, IOException {
        ContentCachingResponseWrapper capture = new ContentCachingResponseWrapper(new CacheHeadersIgnored(response));
        chain.doFilter(request, capture);
        if (capture.getStatus() != HttpServletResponse.SC_OK || HttpMethod.HEAD.matches(request.getMethod())) {
            capture.copyBodyToResponse();
            return;
        }
        byte[] body = capture.getContentAsByteArray();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.getHeaderNames()) {
            if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, new ArrayList<>(response.getHeaders(name)));
            }
        }
        if (capture.getContentType() != null && !headers.containsKey(HttpHeaders.CONTENT_TYPE)) {
            headers.put(HttpHeaders.CONTENT_TYPE, List.of(capture.getContentType()));
        }
        Prepared prepared = new Prepared(version, now, body, etag(body), document.cacheControl(), Map.copyOf(headers));
        this.prepared.put(document.path(), prepared);
        capture.resetBuffer();
        send(request, response, prepared);
    }

    /** Spring Security's "never cache" headers do not apply to documents that say their own caching. */
    private static final class CacheHeadersIgnored extends HttpServletResponseWrapper {

        private static final Set<String> IGNORED = Set.of("cache-control", "pragma", "expires");

        CacheHeadersIgnored(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
                super.addDateHeader(name, date);
            }
        }
    }

    private static void send(HttpServletRequest request, HttpServletResponse response, Prepared prepared)
            throws IOException {
        response.setHeader(HttpHeaders.ETAG, prepared.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, prepared.cacheControl());
        if (matches(request.getHeaders(HttpHeaders.IF_NONE_MATCH), prepared.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentLength(prepared.body().length);
        if (!HttpMethod.HEAD.matches(request.getMethod())) {
            response.getOutputStream().write(prepared.body());
        }
    }

    /** RFC 9110 §13.1.2: weak comparison, a list of tags, or {@code *}. */
    private static boolean matches(java.util.Enumeration<String> ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag;
        while (ifNoneMatch.hasMoreElements()) {
            for (String candidate : ifNoneMatch.nextElement().split(",")) {
                String tag = candidate.trim();
                if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
