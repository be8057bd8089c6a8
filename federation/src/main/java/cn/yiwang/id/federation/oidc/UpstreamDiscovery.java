package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches and caches the discovery document of each upstream identity provider (OIDC Discovery 1.0).
 *
 * <p>The document comes from {@code issuer + /.well-known/openid-configuration} and is accepted only when its
 * {@code issuer} equals the configured issuer exactly (§4.3): otherwise a document served elsewhere could point
 * us at another provider's keys. It is kept per identity provider for {@code discovery-cache-ttl}; one fetch per
 * provider runs at a time, so an expired entry under load costs one upstream call, not one per citizen.
 */
public final class UpstreamDiscovery {

    private final UpstreamHttp http;

    private final FederationOidcProperties properties;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    UpstreamDiscovery(UpstreamHttp http, FederationOidcProperties properties, Clock clock) {
        this.http = http;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The provider's metadata, from the cache when fresh.
     * @param idp the identity provider
     * @return its metadata
     * @throws UpstreamUnavailableException when its circuit is open or the document cannot be fetched or accepted
     */
    public UpstreamProviderMetadata metadata(IdentityProvider idp) {
        try {
            return fetch(idp);
        } catch (UpstreamFailure failure) {
            throw new UpstreamUnavailableException(idp.alias(), failure.reason());
        }
    }

    UpstreamProviderMetadata fetch(IdentityProvider idp) throws UpstreamFailure {
        Cached cached = this.cache.get(idp.alias());
        if (isFresh(cached, idp)) {
            return cached.metadata();
        }
        synchronized (this.locks.computeIfAbsent(idp.alias(), (alias) -> new Object())) {
            // another thread may have fetched it while this one waited
            cached = this.cache.get(idp.alias());
            if (isFresh(cached, idp)) {
                return cached.metadata();
            }
            HttpRequest request = this.http
                    .request(UpstreamEndpoints.discovery(idp.issuer()))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            UpstreamProviderMetadata metadata =
                    this.http.call(idp.alias(), UpstreamCall.DISCOVERY, request, (response) -> read(idp, response));
            this.cache.put(idp.alias(), new Cached(idp.issuer(), metadata, this.clock.instant()));
            return metadata;
        }
    }

    private boolean isFresh(Cached cached, IdentityProvider idp) {
        // keyed by alias, but an administrator may have pointed the alias at another issuer since
        return cached != null
                && cached.issuer().equals(idp.issuer())
                && this.clock.instant().isBefore(cached.fetchedAt().plus(this.properties.discoveryCacheTtl()));
    }

    private UpstreamProviderMetadata read(IdentityProvider idp, UpstreamHttp.Response response) throws UpstreamFailure {
        // an unusable document makes the provider unusable: it counts against the circuit like an outage
        JsonNode node;
        try {
            node = response.isJson() ? this.json.readTree(response.body()) : null;
        } catch (JacksonException ex) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw UpstreamFailure.unavailable("discovery-not-json");
        }
        // issuer (REQUIRED), identical to the issuer the document was fetched for (§4.3)
        if (!idp.issuer().equals(text(node, "issuer"))) {
            throw UpstreamFailure.unavailable("discovery-issuer-mismatch");
        }
        URI authorization = UpstreamEndpoints.parse(text(node, "authorization_endpoint"));
        URI token = UpstreamEndpoints.parse(text(node, "token_endpoint"));
        URI jwks = UpstreamEndpoints.parse(text(node, "jwks_uri"));
        if (authorization == null || token == null || jwks == null) {
            throw UpstreamFailure.unavailable("discovery-invalid-endpoints");
        }
        URI userinfo = optionalEndpoint(node, "userinfo_endpoint");
        URI endSession = optionalEndpoint(node, "end_session_endpoint");
        List<String> authMethods = new ArrayList<>();
        JsonNode methods = node.get("token_endpoint_auth_methods_supported");
        if (methods != null && methods.isArray()) {
            for (JsonNode method : methods.values()) {
                if (method.isString()) {
                    authMethods.add(method.stringValue());
                }
            }
        }
        JsonNode iss = node.get("authorization_response_iss_parameter_supported");
        boolean issSupported = iss != null && iss.isBoolean() && iss.booleanValue();
        return new UpstreamProviderMetadata(
                idp.issuer(), authorization, token, jwks, userinfo, endSession, authMethods, issSupported);
    }

    private static URI optionalEndpoint(JsonNode node, String field) throws UpstreamFailure {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        URI uri = UpstreamEndpoints.parse(value);
        if (uri == null) {
            throw UpstreamFailure.unavailable("discovery-invalid-endpoints");
        }
        return uri;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value != null && value.isString()) ? value.stringValue() : null;
    }

    private record Cached(String issuer, UpstreamProviderMetadata metadata, Instant fetchedAt) {}
}
