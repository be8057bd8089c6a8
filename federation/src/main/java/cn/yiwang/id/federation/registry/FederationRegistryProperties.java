package cn.yiwang.id.federation.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the identity-provider registry ({@code yiwang.federation.*}).
 *
 * @param identityProvidersFile the bootstrap file, a Spring resource location; a missing file means
 *     "nothing to bootstrap"
 * @param registryRefreshInterval how often each node reloads the registry, so changes made through
 *     another node take effect here without a restart
 */
@ConfigurationProperties("yiwang.federation")
public record FederationRegistryProperties(
        @DefaultValue("file:config/identity-providers.yml") String identityProvidersFile,
        @DefaultValue("15s") Duration registryRefreshInterval) {

    public FederationRegistryProperties {
        if (registryRefreshInterval.isNegative() || registryRefreshInterval.isZero()) {
            throw new IllegalArgumentException(
                    "yiwang.federation.registry-refresh-interval must be positive, but is " + registryRefreshInterval);
        }
    }
}
