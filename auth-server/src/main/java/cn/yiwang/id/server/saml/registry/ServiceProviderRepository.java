package cn.yiwang.id.server.saml.registry;

import java.util.List;
import java.util.Optional;

/**
 * Stores the SAML service-provider registry. Nothing here validates: callers pass providers that
 * {@link ServiceProviderValidator} accepted.
 */
public interface ServiceProviderRepository {

    /**
     * Loads every service provider in one query.
     * @return all providers, by alias
     */
    List<VersionedServiceProvider> findAll();

    /**
     * @param alias its alias
     * @return the provider with its version, or empty
     */
    Optional<VersionedServiceProvider> findByAlias(String alias);

    /**
     * @param entityId its SAML entity ID
     * @return the provider with its version, or empty
     */
    Optional<VersionedServiceProvider> findByEntityId(String entityId);

    /**
     * Stores a new provider at version 1; its {@code updatedAt} is set to now.
     * @param provider the provider to store
     * @return what was stored
     * @throws org.springframework.dao.DuplicateKeyException when the alias or the entity ID is taken
     */
    VersionedServiceProvider create(ServiceProvider provider);

    /**
     * Replaces a provider if it is still at the version the caller read; the version then goes up by
     * one and {@code updatedAt} is set to now.
     * @param provider the new state (its alias names the provider to replace)
     * @param expectedVersion the version the caller's change is based on
     * @return what was stored, or empty when no provider has this alias
     * @throws org.springframework.dao.OptimisticLockingFailureException when the stored version differs
     * @throws org.springframework.dao.DuplicateKeyException when another provider has the entity ID
     */
    Optional<VersionedServiceProvider> update(ServiceProvider provider, int expectedVersion);

    /**
     * Deletes a provider if it is (still) at the version the caller read.
     * @param alias its alias
     * @param expectedVersion the version the caller's decision is based on, or null for any
     * @return whether a provider was deleted; false when no provider has this alias
     * @throws org.springframework.dao.OptimisticLockingFailureException when the stored version differs
     */
    boolean delete(String alias, Integer expectedVersion);
}
