package cn.yiwang.id.federation.oidc;

import cn.yiwang.id.federation.IdentityProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches and caches the signing keys of each upstream identity provider (its {@code jwks_uri}).
 *
 * <p>A provider rotating its keys signs with a key we have not seen yet: on a {@code kid} missing from the cached
 * set the set is fetched again, once, before the token is refused. That refetch is rate-limited per provider
 * ({@code jwks-refetch-interval}), because anyone can post a back-channel logout token with a made-up
 * {@code kid}, and each must not cost a call to the province.
 */
final class UpstreamJwks {

    /** The RSA signature algorithms accepted; HMAC is never (the client secret is not a signing key). */
    private static final Set<JWSAlgorithm> RSA = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    private final UpstreamHttp http;

    private final FederationOidcProperties properties;

    private final Clock clock;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private final Map<String, Instant> lastRefetch = new ConcurrentHashMap<>();

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    UpstreamJwks(UpstreamHttp http, FederationOidcProperties properties, Clock clock) {
        this.http = http;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The keys that could have made a signature with this header.
     * @param idp the identity provider
     * @param metadata its metadata, for the {@code jwks_uri}
     * @param header the JWS header: its {@code alg} and {@code kid} select the keys
     * @return the candidate keys; empty when the provider publishes none, even after a refetch
     * @throws UpstreamFailure when the set cannot be fetched
     */
    List<JWK> keys(IdentityProvider idp, UpstreamProviderMetadata metadata, JWSHeader header) throws UpstreamFailure {
        Cached before = this.cache.get(idp.alias());
        List<JWK> keys = select(current(idp, metadata), header);
        // a set fetched just now for this very token would come back the same
        boolean fetchedNow = this.cache.get(idp.alias()) != before;
        if (keys.isEmpty() && !fetchedNow && mayRefetch(idp.alias())) {
            keys = select(fetch(idp, metadata), header);
        }
        return keys;
    }

    private JWKSet current(IdentityProvider idp, UpstreamProviderMetadata metadata) throws UpstreamFailure {
        Cached cached = this.cache.get(idp.alias());
        if (isFresh(cached, metadata.jwksUri())) {
            return cached.keys();
        }
        synchronized (lock(idp.alias())) {
            cached = this.cache.get(idp.alias());
            if (isFresh(cached, metadata.jwksUri())) {
                return cached.keys();
            }
            return fetch(idp, metadata);
        }
    }

    private boolean mayRefetch(String alias) {
        synchronized (lock(alias)) {
            Instant now = this.clock.instant();
            Instant last = this.lastRefetch.get(alias);
            if (last != null && now.isBefore(last.plus(this.properties.jwksRefetchInterval()))) {
                return false;
            }
            this.lastRefetch.put(alias, now);
            return true;
        }
    }

    private JWKSet fetch(IdentityProvider idp, UpstreamProviderMetadata metadata) throws UpstreamFailure {
        synchronized (lock(idp.alias())) {
            HttpRequest request = this.http
                    .request(metadata.jwksUri())
                    .header("Accept", "application/jwk-set+json, application/json")
                    .GET()
                    .build();
            JWKSet keys = this.http.call(idp.alias(), UpstreamCall.JWKS, request, UpstreamJwks::read);
            this.cache.put(idp.alias(), new Cached(metadata.jwksUri(), keys, this.clock.instant()));
            return keys;
        }
    }

    private boolean isFresh(Cached cached, URI jwksUri) {
        return cached != null
                && cached.jwksUri().equals(jwksUri)
                && this.clock.instant().isBefore(cached.fetchedAt().plus(this.properties.jwksCacheTtl()));
    }

    private Object lock(String alias) {
        return this.locks.computeIfAbsent(alias, (key) -> new Object());
    }

    private static JWKSet read(UpstreamHttp.Response response) throws UpstreamFailure {
        try {
            // public keys only: a private key published by mistake must not end up held here
            return JWKSet.parse(new String(response.body(), StandardCharsets.UTF_8))
                    .toPublicJWKSet();
        } catch (ParseException ex) {
            throw UpstreamFailure.unavailable("jwks-not-a-jwk-set");
        }
    }

    private static List<JWK> select(JWKSet set, JWSHeader header) {
        JWSAlgorithm algorithm = header.getAlgorithm();
        String kid = header.getKeyID();
        List<JWK> selected = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                continue;
            }
            if (key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm)) {
                continue;
            }
            if (fits(key, algorithm)) {
                selected.add(key);
            }
        }
        return selected;
    }

    private static boolean fits(JWK key, JWSAlgorithm algorithm) {
        if (RSA.contains(algorithm)) {
            return key instanceof RSAKey;
        }
        if (JWSAlgorithm.ES256.equals(algorithm)) {
            return key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
        }
        return false;
    }

    private record Cached(URI jwksUri, JWKSet keys, Instant fetchedAt) {}
}
