package cn.yiwang.id.server.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Verifies {@code private_key_jwt} client assertions (RFC 7523 §3, OIDC Core §9) for Spring Authorization
 * Server's {@code JwtClientAssertionAuthenticationProvider}: signed with a key the client registered (inline
 * {@code jwks}, or its {@code jwks_uri}, fetched again when a {@code kid} is unknown) by RS256, PS256 or ES256
 * (or the one algorithm it registered); {@code iss} and {@code sub} the client id; {@code aud} our issuer or
 * one of our endpoints that take client authentication; {@code exp} present and at most five minutes after
 * {@code iat}; and {@code jti} used once (remembered in Redis until the assertion expires).
 */
public final class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private static final int MAX_CACHED = 10_000;

    private final Set<String> audiences;

    private final StringRedisTemplate redis;

    private final Duration fetchTimeout;

    private final Clock clock;

    // by client and by what its keys are: a changed registration gets a new decoder
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    public ClientAssertionDecoderFactory(String issuer, StringRedisTemplate redis, Duration fetchTimeout, Clock clock) {
        this.audiences =
                Set.of(issuer, issuer + "/oauth2/token", issuer + "/oauth2/revoke", issuer + "/oauth2/introspect");
        this.redis = redis;
        this.fetchTimeout = fetchTimeout;
        this.clock = clock;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        String key = client.getId() + "|"
                + Objects.hash(
                        client.getClientSettings().getJwkSetUrl(),
                        RelyingPartySettings.jwks(client).orElse(null),
                        RelyingPartySettings.assertionAlgorithms(client));
        if (this.decoders.size() > MAX_CACHED) {
            this.decoders.clear();
        }
        return this.decoders.computeIfAbsent(key, (k) -> build(client));
    }

    private JwtDecoder build(RegisteredClient client) {
        Set<JWSAlgorithm> algorithms = RelyingPartySettings.assertionAlgorithms(client).stream()
                .map(JWSAlgorithm::parse)
                .filter(ClientKeys.ALGORITHMS::contains)
                .collect(Collectors.toSet());
        JWKSource<SecurityContext> keys = keys(client);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        // claims are checked below, with OAuth errors; Nimbus's defaults would duplicate exp/nbf
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(this.clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                claimEquals(JwtClaimNames.ISS, client.getClientId()),
                claimEquals(JwtClaimNames.SUB, client.getClientId()),
                this::audience,
                this::lifetime,
                timestamps,
                (jwt) -> oneUse(client.getClientId(), jwt))));
        return decoder;
    }

    private JWKSource<SecurityContext> keys(RegisteredClient client) {
        String inline = RelyingPartySettings.jwks(client).orElse(null);
        if (inline != null) {
            try {
                return new ImmutableJWKSet<>(JWKSet.parse(inline));
            } catch (ParseException ex) {
                throw new IllegalStateException("Client " + client.getClientId() + " has an unreadable JWK Set", ex);
            }
        }
        String url = client.getClientSettings().getJwkSetUrl();
        if (url == null) {
            // no keys: every assertion fails signature selection
            return new ImmutableJWKSet<>(new JWKSet());
        }
        int timeout = (int) this.fetchTimeout.toMillis();
        try {
            // cached 5 minutes; an unknown kid fetches again, at most once a second
            return JWKSourceBuilder.<SecurityContext>create(
                            URI.create(url).toURL(), new DefaultResourceRetriever(timeout, timeout, MAX_JWKS_BYTES))
                    .cache(TimeUnit.MINUTES.toMillis(5), timeout)
                    .rateLimited(1000)
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalStateException("Client " + client.getClientId() + " has an unusable jwks_uri", ex);
        }
    }

    private static OAuth2TokenValidator<Jwt> claimEquals(String claim, String expected) {
        return (jwt) -> expected.equals(jwt.getClaimAsString(claim))
                ? OAuth2TokenValidatorResult.success()
                : failure("The assertion's " + claim + " must be the client id");
    }

    private OAuth2TokenValidatorResult audience(Jwt jwt) {
        List<String> audience = jwt.getAudience();
        return (audience != null && audience.stream().anyMatch(this.audiences::contains))
                ? OAuth2TokenValidatorResult.success()
                : failure("The assertion's aud must be the issuer or the token endpoint");
    }

    private OAuth2TokenValidatorResult lifetime(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return failure("The assertion must have exp");
        }
        Instant start = (jwt.getIssuedAt() != null)
                ? jwt.getIssuedAt()
                : this.clock.instant().minus(CLOCK_SKEW);
        return Duration.between(start, expiresAt).compareTo(MAX_LIFETIME) <= 0
                ? OAuth2TokenValidatorResult.success()
                : failure("The assertion may live at most 5 minutes (exp - iat)");
    }

    // RFC 7523 §3 item 7: the server may keep jti values to refuse replays, here until the assertion expires
    private OAuth2TokenValidatorResult oneUse(String clientId, Jwt jwt) {
        String jti = jwt.getId();
        if (jti == null || jti.isBlank() || jti.length() > 200) {
            return failure("The assertion must have a jti (at most 200 characters)");
        }
        Duration ttl =
                Duration.between(this.clock.instant(), jwt.getExpiresAt()).plus(CLOCK_SKEW);
        Boolean first = this.redis
                .opsForValue()
                .setIfAbsent("yid:jti:" + clientId.length() + ":" + clientId + ":" + jti, "1", ttl);
        return Boolean.TRUE.equals(first)
                ? OAuth2TokenValidatorResult.success()
                : failure("The assertion's jti was used before");
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                OAuth2ErrorCodes.INVALID_CLIENT,
                description,
                "https://datatracker.ietf.org/doc/html/rfc7523#section-3"));
    }
}
