package cn.yiwang.id.server.saml.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SAML service-provider registry ({@code yiwang.saml.*}).
 *
 * @param serviceProvidersFile the bootstrap file, a Spring resource location; a missing file means
 *     "nothing to bootstrap"
 * @param registryRefreshInterval how often each node reloads the registry, so changes made through
 *     another node take effect here without a restart
 * @param metadataFetchTimeout connect and response timeout when SP metadata is fetched from a URL
 * @param metadataRefreshInterval how often the metadata of SPs registered by URL is fetched again, so a
 *     new certificate or endpoint reaches us without an administrator
 */
@Validated
@ConfigurationProperties("yiwang.saml")
public record ServiceProviderRegistryProperties(
        @NotBlank @DefaultValue("file:config/saml-service-providers.yml")
        String serviceProvidersFile,

        @NotNull @DefaultValue("15s") Duration registryRefreshInterval,
        @NotNull @DefaultValue("10s") Duration metadataFetchTimeout,
        @NotNull @DefaultValue("6h") Duration metadataRefreshInterval) {

    public ServiceProviderRegistryProperties {
        requirePositive("registry-refresh-interval", registryRefreshInterval);
        requirePositive("metadata-fetch-timeout", metadataFetchTimeout);
        requirePositive("metadata-refresh-interval", metadataRefreshInterval);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("yiwang.saml." + name + " must be positive, but is " + value);
        }
    }
}
