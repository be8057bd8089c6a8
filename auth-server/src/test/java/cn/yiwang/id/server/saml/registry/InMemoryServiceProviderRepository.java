package cn.yiwang.id.server.saml.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * {@link ServiceProviderRepository} in memory, with the constraints of the table (alias and entity ID
 * unique, versions), for tests that need no database.
 */
final class InMemoryServiceProviderRepository implements ServiceProviderRepository {

    private final Map<String, VersionedServiceProvider> rows = new TreeMap<>();

    @Override
    public synchronized List<VersionedServiceProvider> findAll() {
        return new ArrayList<>(this.rows.values());
    }

    @Override
    public synchronized Optional<VersionedServiceProvider> findByAlias(String alias) {
        return Optional.ofNullable(this.rows.get(alias));
    }

    @Override
    public synchronized Optional<VersionedServiceProvider> findByEntityId(String entityId) {
        return this.rows.values().stream()
                .filter((row) -> row.provider().entityId().equals(entityId))
                .findFirst();
    }

    @Override
    public synchronized VersionedServiceProvider create(ServiceProvider provider) {
        if (this.rows.containsKey(provider.alias()) || otherHasEntityId(provider)) {
            throw new DuplicateKeyException(provider.alias());
        }
        VersionedServiceProvider stored = new VersionedServiceProvider(provider.withUpdatedAt(Instant.now()), 1);
        this.rows.put(provider.alias(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<VersionedServiceProvider> update(ServiceProvider provider, int expectedVersion) {
        VersionedServiceProvider current = this.rows.get(provider.alias());
        if (current == null) {
            return Optional.empty();
        }
        if (current.version() != expectedVersion) {
            throw new OptimisticLockingFailureException(provider.alias());
        }
        if (otherHasEntityId(provider)) {
            throw new DuplicateKeyException(provider.entityId());
        }
        VersionedServiceProvider stored =
                new VersionedServiceProvider(provider.withUpdatedAt(Instant.now()), expectedVersion + 1);
        this.rows.put(provider.alias(), stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized boolean delete(String alias, Integer expectedVersion) {
        VersionedServiceProvider current = this.rows.get(alias);
        if (current == null) {
            return false;
        }
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw new OptimisticLockingFailureException(alias);
        }
        this.rows.remove(alias);
        return true;
    }

    private boolean otherHasEntityId(ServiceProvider provider) {
        return this.rows.values().stream()
                .anyMatch((row) -> !row.alias().equals(provider.alias())
                        && row.provider().entityId().equals(provider.entityId()));
    }
}
