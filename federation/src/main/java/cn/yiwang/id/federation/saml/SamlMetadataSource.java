package cn.yiwang.id.federation.saml;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.oidc.UpstreamUnavailableException;
import cn.yiwang.id.kit.http.LimitedBody;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlException;
import cn.yiwang.id.saml.SecureXml;
import cn.yiwang.id.saml.metadata.EntityMetadata;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata of each SAML IdP, the one source of the certificates its responses are verified with: parsed once
 * from the registry's inline document, or fetched from its metadata URL and kept for {@code metadata-cache-ttl}.
 *
 * <p>Metadata past its {@code validUntil} is never used, cached or not; when the registration names a metadata
 * signing certificate, only a document signed with it is ({@link IdentityProviderMetadata}).
 *
 * <p>A fetch is bounded in time and size, follows no redirect, and runs once per provider at a time. When a
 * refresh fails, the metadata fetched before keeps serving (a province whose metadata server hiccups must not lose
 * its sign-ins); when there is none, the provider is unavailable, and repeated failures open its circuit so that
 * citizens are not kept waiting on a dead server.
 */
public final class SamlMetadataSource {

    private static final Logger log = LoggerFactory.getLogger(SamlMetadataSource.class);

    private static final int FAILURE_THRESHOLD = 3;

    private static final Duration OPEN_WAIT = Duration.ofSeconds(30);

    private final FederationSamlProperties properties;

    private final Clock clock;

    private final HttpClient client;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    SamlMetadataSource(FederationSamlProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.metadataConnectTimeout())
                // metadata moved elsewhere is a configuration change to make, not a redirect to follow
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The provider's metadata.
     * @param idp a SAML identity provider
     * @return its entity: SSO endpoints and signing certificates
     * @throws UpstreamUnavailableException when no usable metadata can be had ({@code saml-metadata-…})
     */
    public EntityMetadata metadata(IdentityProvider idp) {
        SamlSettings settings = idp.saml();
        if (settings == null || (settings.metadataUrl() == null && settings.metadataXml() == null)) {
            throw new UpstreamUnavailableException(idp.alias(), "saml-metadata-not-configured");
        }
        // a new signing certificate is a new source: the cached document was checked against the old one
        String source = ((settings.metadataUrl() != null) ? settings.metadataUrl() : settings.metadataXml()) + "\n"
                + Objects.toString(settings.metadataSigningCertificate(), "");
        Cached cached = this.cache.get(idp.alias());
        if (isFresh(cached, idp, source)) {
            return cached.metadata().entity();
        }
        synchronized (this.locks.computeIfAbsent(idp.alias(), (alias) -> new Object())) {
            cached = this.cache.get(idp.alias());
            if (isFresh(cached, idp, source)) {
                return cached.metadata().entity();
            }
            try {
                X509Certificate signer = (settings.metadataSigningCertificate() != null)
                        ? Certificates.parse(settings.metadataSigningCertificate())
                        : null;
                byte[] xml = (settings.metadataUrl() != null)
                        ? fetch(idp.alias(), settings.metadataUrl())
                        : settings.metadataXml().getBytes(StandardCharsets.UTF_8);
                Instant now = this.clock.instant();
                IdentityProviderMetadata.Accepted accepted =
                        IdentityProviderMetadata.read(xml, idp.issuer(), signer, now);
                this.cache.put(idp.alias(), new Cached(idp.issuer(), source, accepted, now));
                return accepted.entity();
            } catch (SamlException ex) {
                return stale(idp, source, cached, "saml-metadata-" + ex.reason().replace('_', '-'));
            } catch (MetadataFetchException ex) {
                return stale(idp, source, cached, ex.getMessage());
            }
        }
    }

    /**
     * Whether the provider's metadata can be fetched now.
     * @param alias the identity provider
     * @return {@code false} while its metadata URL's circuit is open
     */
    public boolean isAvailable(String alias) {
        return breaker(alias).isAvailable();
    }

    private EntityMetadata stale(IdentityProvider idp, String source, Cached cached, String reason) {
        if (cached != null
                && cached.source().equals(source)
                && cached.entityId().equals(idp.issuer())
                && cached.metadata().isValidAt(this.clock.instant())) {
            log.warn(
                    "SAML metadata of {} not refreshed ({}); the metadata fetched at {} keeps serving",
                    idp.alias(),
                    reason,
                    cached.fetchedAt());
            return cached.metadata().entity();
        }
        log.warn("SAML metadata of {} unusable: {}", idp.alias(), reason);
        throw new UpstreamUnavailableException(idp.alias(), reason);
    }

    private boolean isFresh(Cached cached, IdentityProvider idp, String source) {
        if (cached == null
                || !cached.entityId().equals(idp.issuer())
                || !cached.source().equals(source)
                || !cached.metadata().isValidAt(this.clock.instant())) {
            return false;
        }
        // an inline document is what the registry says until the registry changes
        boolean inline = idp.saml().metadataUrl() == null;
        return inline || this.clock.instant().isBefore(cached.fetchedAt().plus(this.properties.metadataCacheTtl()));
    }

    private byte[] fetch(String alias, String url) throws MetadataFetchException {
        CircuitBreaker breaker = breaker(alias);
        if (!breaker.tryAcquire()) {
            throw new MetadataFetchException("upstream-unavailable");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(this.properties.metadataRequestTimeout())
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future =
                this.client.sendAsync(request, (info) -> new LimitedBody(SecureXml.MAX_BYTES));
        try {
            HttpResponse<byte[]> response =
                    future.get(this.properties.metadataRequestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                breaker.onFailure();
                throw new MetadataFetchException("saml-metadata-http-" + response.statusCode());
            }
            breaker.onSuccess();
            return response.body();
        } catch (TimeoutException ex) {
            future.cancel(true);
            breaker.onFailure();
            throw new MetadataFetchException("saml-metadata-timeout");
        } catch (ExecutionException ex) {
            breaker.onFailure();
            throw new MetadataFetchException(
                    (ex.getCause() instanceof LimitedBody.TooLargeException)
                            ? "saml-metadata-too-large"
                            : "saml-metadata-connection-error");
        } catch (InterruptedException ex) {
            future.cancel(true);
            breaker.onIgnored();
            Thread.currentThread().interrupt();
            throw new MetadataFetchException("saml-metadata-interrupted");
        }
    }

    private CircuitBreaker breaker(String alias) {
        return this.breakers.computeIfAbsent(
                alias, (key) -> new CircuitBreaker("saml-metadata-" + key, FAILURE_THRESHOLD, OPEN_WAIT, this.clock));
    }

    private record Cached(
            String entityId, String source, IdentityProviderMetadata.Accepted metadata, Instant fetchedAt) {

        Cached {
            Objects.requireNonNull(source);
        }
    }

    /** A metadata URL that could not be read; the message is the reason token. */
    private static final class MetadataFetchException extends Exception {

        private static final long serialVersionUID = 1L;

        MetadataFetchException(String reason) {
            super(reason, null, false, false);
        }
    }
}
