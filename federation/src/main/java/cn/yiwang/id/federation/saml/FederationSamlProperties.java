package cn.yiwang.id.federation.saml;

import cn.yiwang.id.saml.SecureXml;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How Yiwang ID acts as a SAML service provider towards the provincial IdPs ({@code yiwang.federation.saml.*}).
 *
 * @param clockSkew the tolerance on {@code NotBefore} and {@code NotOnOrAfter} (default 60 seconds)
 * @param loginTimeout how long a citizen may take at the IdP before the pending login is refused (default 10
 * minutes); also the TTL to give the stored {@link PendingSamlLogin}
 * @param maxResponseSize the largest SAML response accepted, decoded (default 256KB, at most 512KB)
 * @param metadataCacheTtl how long fetched IdP metadata is reused (default 1 hour); on a failed refresh the
 * metadata fetched before keeps serving
 * @param metadataConnectTimeout how long to wait for a connection to a metadata URL (default 2 seconds)
 * @param metadataRequestTimeout how long one metadata fetch may take in all (default 5 seconds)
 * @param logoutMessageLifetime how old (by {@code IssueInstant}) a Single Logout message from an IdP may be, and
 *     how long our LogoutRequests are valid ({@code NotOnOrAfter}) (default 5 minutes)
 */
@Validated
@ConfigurationProperties("yiwang.federation.saml")
public record FederationSamlProperties(
        @DefaultValue("60s") @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 10)
        Duration clockSkew,

        @DefaultValue("10m") @NotNull @DurationMin(seconds = 1)
        Duration loginTimeout,

        @DefaultValue("256KB") @NotNull DataSize maxResponseSize,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 0)
        Duration metadataCacheTtl,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 1)
        Duration metadataConnectTimeout,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 1)
        Duration metadataRequestTimeout,

        @DefaultValue("5m") @NotNull @DurationMin(seconds = 10) @DurationMax(hours = 1)
        Duration logoutMessageLifetime) {

    public FederationSamlProperties {
        if (maxResponseSize != null
                && (maxResponseSize.toBytes() < 1024 || maxResponseSize.toBytes() > SecureXml.MAX_BYTES)) {
            throw new IllegalArgumentException("yiwang.federation.saml.max-response-size must be between 1KB and "
                    + (SecureXml.MAX_BYTES / 1024) + "KB");
        }
    }

    /**
     * The defaults, for tests and code that builds the components by hand.
     * @return the properties as an empty configuration binds them
     */
    public static FederationSamlProperties defaults() {
        return new FederationSamlProperties(
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                DataSize.ofKilobytes(256),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofMinutes(5));
    }
}
