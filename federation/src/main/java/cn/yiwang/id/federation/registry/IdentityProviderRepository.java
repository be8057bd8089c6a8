package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import java.util.List;
import java.util.Optional;

/**
 * Stores the identity-provider registry; client secrets go in encrypted and come out decrypted.
 * Nothing here validates: callers pass providers that {@link IdentityProviderValidator} accepted.
 */
public interface IdentityProviderRepository {

    /**
     * Loads every identity provider in one query.
     * @return all providers, by login-page order, then alias
     */
    List<VersionedIdentityProvider> findAll();

    /**
     * Loads the providers the login page offers.
     * @return the enabled providers shown on the login page, by login-page order, then alias
     */
    List<IdentityProvider> findEnabledForLoginPage();

    /**
     * Finds one provider.
     * @param alias its alias
     * @return the provider with its version, or empty
     */
    Optional<VersionedIdentityProvider> findByAlias(String alias);

    /**
     * Stores a new provider at version 1; its {@code updatedAt} is set to now.
     * @param provider the provider to store
     * @return what was stored
     * @throws org.springframework.dao.DuplicateKeyException when the alias is taken
     */
    VersionedIdentityProvider create(IdentityProvider provider);

    /**
     * Replaces a provider if it is still at the version the caller read; the version then goes up
     * by one and {@code updatedAt} is set to now.
     * @param provider the new state (its alias names the provider to replace)
     * @param expectedVersion the version the caller's change is based on
     * @return what was stored, or empty when no provider has this alias
     * @throws org.springframework.dao.OptimisticLockingFailureException when the stored version differs
     */
    Optional<VersionedIdentityProvider> update(IdentityProvider provider, int expectedVersion);

    /**
     * Deletes a provider.
     * @param alias its alias
     * @return whether a provider was deleted
     */
    boolean delete(String alias);

    /**
     * Deletes a provider if it is still at the version the caller read.
     * @param alias its alias
     * @param expectedVersion the version the caller's decision is based on
     * @return whether a provider was deleted; false when no provider has this alias
     * @throws org.springframework.dao.OptimisticLockingFailureException when the stored version differs
     */
    boolean delete(String alias, int expectedVersion);
}
