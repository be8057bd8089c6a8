package cn.yiwang.id.federation.oidc;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How Yiwang ID talks OpenID Connect to the provincial identity providers ({@code yiwang.federation.oidc.*}).
 *
 * @param connectTimeout how long to wait for a connection to an upstream (default 2 seconds)
 * @param requestTimeout how long one upstream call may take in all, body included (default 5 seconds)
 * @param maxResponseSize the largest upstream response body read (default 256KB)
 * @param discoveryCacheTtl how long a discovery document is reused (default 1 hour)
 * @param jwksCacheTtl how long an upstream JWK set is reused (default 1 hour)
 * @param jwksRefetchInterval the least time between two refetches of one upstream's JWK set for an
 * unknown {@code kid} (default 30 seconds)
 * @param clockSkew the tolerance on {@code exp} and {@code iat} (default 60 seconds)
 * @param loginTimeout how long a citizen may take at the upstream before the pending login is refused
 * (default 10 minutes); also the TTL to give the stored {@link PendingUpstreamLogin}
 * @param logoutTokenMaxAge the oldest back-channel logout token accepted, by its {@code iat} (default 5 minutes)
 * @param failureThreshold consecutive failed calls to one upstream that open its circuit (default 5)
 * @param openWait how long an open circuit refuses calls before one trial call (default 30 seconds)
 * @param privateKeyJwt our signing key for {@code private_key_jwt} client authentication
 */
@Validated
@ConfigurationProperties("yiwang.federation.oidc")
public record FederationOidcProperties(
        @DefaultValue("2s") @NotNull @DurationMin(millis = 1)
        Duration connectTimeout,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 1)
        Duration requestTimeout,

        @DefaultValue("256KB") @NotNull DataSize maxResponseSize,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 0)
        Duration discoveryCacheTtl,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 0)
        Duration jwksCacheTtl,

        @DefaultValue("30s") @NotNull @DurationMin(seconds = 0)
        Duration jwksRefetchInterval,

        @DefaultValue("60s") @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 10)
        Duration clockSkew,

        @DefaultValue("10m") @NotNull @DurationMin(seconds = 1)
        Duration loginTimeout,

        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1)
        Duration logoutTokenMaxAge,

        @DefaultValue("5") @Min(1) int failureThreshold,

        @DefaultValue("30s") @NotNull @DurationMin(millis = 1)
        Duration openWait,

        @DefaultValue @Valid @NotNull PrivateKeyJwt privateKeyJwt) {

    private static final String PREFIX = "yiwang.federation.oidc.";

    // cross-field rules Bean Validation cannot express; messages name the property
    public FederationOidcProperties {
        if (connectTimeout != null && requestTimeout != null && connectTimeout.compareTo(requestTimeout) > 0) {
            throw new IllegalArgumentException(PREFIX + "connect-timeout (" + connectTimeout
                    + ") must not be longer than " + PREFIX + "request-timeout (" + requestTimeout + ")");
        }
        if (maxResponseSize != null
                && (maxResponseSize.toBytes() < 1024 || maxResponseSize.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(PREFIX + "max-response-size must be between 1KB and 2GB");
        }
    }

    /**
     * Creates the defaults, for tests and code that builds the components by hand.
     * @return the properties as an empty configuration binds them
     */
    public static FederationOidcProperties defaults() {
        return new FederationOidcProperties(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                DataSize.ofKilobytes(256),
                Duration.ofHours(1),
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                5,
                Duration.ofSeconds(30),
                new PrivateKeyJwt(null, PrivateKeyJwt.Audience.TOKEN_ENDPOINT, Duration.ofSeconds(60)));
    }

    /**
     * Our key for {@code private_key_jwt} (OIDC Core §9): one key for every upstream that registered its public
     * half, which {@link RelyingPartyKey#publicJwkSet()} gives for publishing.
     *
     * @param jwk the private key as a JSON Web Key (RSA of at least 2048 bits, or EC P-256) with a {@code kid};
     * set it from the environment ({@code YIWANG_FEDERATION_OIDC_PRIVATE_KEY_JWT_JWK}), never in a file under
     * version control; unset, upstreams configured for {@code private_key_jwt} cannot be used
     * @param audience what the assertion's {@code aud} names: the upstream's token endpoint (default, what
     * most deployed providers check) or its issuer identifier (what newer guidance recommends)
     * @param lifetime how long an assertion is valid (default 60 seconds)
     */
    public record PrivateKeyJwt(
            String jwk,
            @DefaultValue("token-endpoint") @NotNull Audience audience,

            @DefaultValue("60s") @NotNull @DurationMin(seconds = 1) @DurationMax(minutes = 10)
            Duration lifetime) {

        /** Which value of the upstream the client assertion's {@code aud} carries. */
        public enum Audience {
            TOKEN_ENDPOINT,
            ISSUER
        }

        /** Keeps the private key out of logs and failure reports. */
        @Override
        public String toString() {
            return "PrivateKeyJwt[jwk=" + ((this.jwk != null) ? "(set)" : null) + ", audience=" + this.audience
                    + ", lifetime=" + this.lifetime + "]";
        }
    }
}
