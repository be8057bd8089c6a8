package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;

/**
 * An identity provider as stored, with the version that optimistic locking compares.
 *
 * @param provider the identity provider (its client secret decrypted)
 * @param version incremented by every update; the admin API's ETag
 */
public record VersionedIdentityProvider(IdentityProvider provider, int version) {

    /** @return the provider's alias */
    public String alias() {
        return this.provider.alias();
    }
}
