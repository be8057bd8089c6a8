package cn.yiwang.id.server.saml.registry;

/**
 * A service provider as stored, with the version that optimistic locking compares.
 *
 * @param provider the service provider
 * @param version incremented by every update; the admin API's ETag
 */
public record VersionedServiceProvider(ServiceProvider provider, int version) {

    /** @return the provider's alias */
    public String alias() {
        return this.provider.alias();
    }
}
