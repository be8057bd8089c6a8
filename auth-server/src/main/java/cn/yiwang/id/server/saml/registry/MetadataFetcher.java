package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.Violation;
import cn.yiwang.id.saml.SecureXml;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Fetches SP metadata from its URL: https only (http on loopback, for tests and development), no
 * redirects followed, the whole exchange within {@code yiwang.saml.metadata-fetch-timeout}, at most
 * {@link #MAX_BYTES} read.
 */
@Component
public final class MetadataFetcher {

    /** The largest metadata document accepted, the size the XML parser accepts. */
    public static final int MAX_BYTES = SecureXml.MAX_BYTES;

    private static final String ACCEPT = "application/samlmetadata+xml, application/xml;q=0.9, text/xml;q=0.8";

    private final HttpClient client;

    private final Duration timeout;

    public MetadataFetcher(ServiceProviderRegistryProperties properties) {
        this.timeout = properties.metadataFetchTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(this.timeout)
                // a redirect could leave https; the administrator registers the final URL instead
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param url the metadata URL
     * @return the document
     * @throws InvalidServiceProviderException when the URL breaks the rules for a metadata URL
     * @throws MetadataUnavailableException when it cannot be fetched: unreachable, slow, another status
     *     than 200, or too large
     */
    public byte[] fetch(String url) {
        List<Violation> violations = ServiceProviderValidator.url("metadataUrl", url, true);
        if (!violations.isEmpty()) {
            throw new InvalidServiceProviderException(violations);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(this.timeout)
                .header("Accept", ACCEPT)
                .GET()
                .build();
        long deadline = System.nanoTime() + this.timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException ex) {
            throw new MetadataUnavailableException("No answer from " + url + " within " + this.timeout, ex);
        } catch (IOException ex) {
            throw new MetadataUnavailableException("Cannot fetch " + url + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new MetadataUnavailableException("Interrupted while fetching " + url, ex);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String where = response.headers()
                        .firstValue("Location")
                        .map((l) -> " to " + l)
                        .orElse("");
                throw new MetadataUnavailableException(url + " answered HTTP " + response.statusCode() + where
                        + " instead of the metadata"
                        + ((response.statusCode() / 100 == 3) ? "; register the URL it redirects to" : ""));
            }
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && length.getAsLong() > MAX_BYTES) {
                throw tooLarge(url);
            }
            // the request timeout ends with the headers: closing the body at the deadline bounds a slow one
            long remaining = Math.max(1, deadline - System.nanoTime());
            // whichever comes first, the end of the body or the deadline, decides
            AtomicBoolean decided = new AtomicBoolean();
            CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS).execute(() -> {
                if (decided.compareAndSet(false, true)) {
                    closeQuietly(body);
                }
            });
            byte[] xml = body.readNBytes(MAX_BYTES + 1);
            // a body closed at the deadline may end like a complete one: half a document is no document
            if (!decided.compareAndSet(false, true)) {
                throw new MetadataUnavailableException(
                        "The metadata from " + url + " did not arrive within " + this.timeout);
            }
            if (xml.length > MAX_BYTES) {
                throw tooLarge(url);
            }
            return xml;
        } catch (IOException ex) {
            throw new MetadataUnavailableException(
                    "Cannot read the metadata from " + url + " within " + this.timeout + ": " + ex.getMessage(), ex);
        }
    }

    private static MetadataUnavailableException tooLarge(String url) {
        return new MetadataUnavailableException("The metadata at " + url + " is larger than " + MAX_BYTES + " bytes");
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ex) {
            // it is being abandoned anyway
        }
    }
}
