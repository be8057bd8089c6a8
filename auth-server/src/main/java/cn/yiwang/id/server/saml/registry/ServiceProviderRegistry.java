package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.federation.registry.PeriodicRefresh;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The service providers as the SSO and SLO endpoints see them: an immutable snapshot in memory, so no
 * SAML message reads PostgreSQL.
 *
 * <p>The snapshot is loaded in one query when the context starts, reloaded after every change made
 * through this node ({@link ServiceProviderAdministration}) and every
 * {@code yiwang.saml.registry-refresh-interval} (15 s by default), so changes made through another
 * node take effect here without a restart. A failed reload keeps the previous snapshot.
 */
@Component
public final class ServiceProviderRegistry implements ServiceProviders, InitializingBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderRegistry.class);

    private final ServiceProviderRepository repository;

    // serialises reloads, so a slow reload that began before a change cannot replace a newer snapshot
    private final ReentrantLock loading = new ReentrantLock();

    private volatile Snapshot snapshot = Snapshot.of(List.of());

    private final PeriodicRefresh periodicRefresh;

    public ServiceProviderRegistry(ServiceProviderRepository repository, ServiceProviderRegistryProperties properties) {
        this.repository = repository;
        this.periodicRefresh =
                new PeriodicRefresh("saml-sp-registry-refresh", properties.registryRefreshInterval(), this::refresh);
    }

    @Override
    public Optional<ServiceProvider> findEnabledByEntityId(String entityId) {
        if (entityId == null) {
            return Optional.empty();
        }
        ServiceProvider provider = this.snapshot.byEntityId().get(entityId);
        return (provider != null && provider.enabled()) ? Optional.of(provider) : Optional.empty();
    }

    @Override
    public Optional<ServiceProvider> findByAlias(String alias) {
        return (alias != null) ? Optional.ofNullable(this.snapshot.byAlias().get(alias)) : Optional.empty();
    }

    @Override
    public List<ServiceProvider> all() {
        return this.snapshot.all();
    }

    /**
     * Reloads the snapshot from the database now, in one query.
     * @throws org.springframework.dao.DataAccessException when the database cannot be read (the previous
     *     snapshot stays)
     */
    public void refresh() {
        this.loading.lock();
        try {
            this.snapshot = Snapshot.of(this.repository.findAll().stream()
                    .map(VersionedServiceProvider::provider)
                    .toList());
        } finally {
            this.loading.unlock();
        }
    }

    /** Loads the first snapshot while the context starts, before the web server takes requests. */
    @Override
    public void afterPropertiesSet() {
        refresh();
        log.info("SAML service-provider registry loaded: {} providers", all().size());
    }

    @Override
    public void start() {
        this.periodicRefresh.start();
    }

    @Override
    public void stop() {
        this.periodicRefresh.stop();
    }

    @Override
    public boolean isRunning() {
        return this.periodicRefresh.isRunning();
    }

    /** One consistent view; the list comes ordered from the repository. */
    private record Snapshot(
            Map<String, ServiceProvider> byAlias, Map<String, ServiceProvider> byEntityId, List<ServiceProvider> all) {

        static Snapshot of(List<ServiceProvider> providers) {
            Map<String, ServiceProvider> byAlias = new HashMap<>();
            Map<String, ServiceProvider> byEntityId = new HashMap<>();
            providers.forEach((provider) -> {
                byAlias.put(provider.alias(), provider);
                byEntityId.put(provider.entityId(), provider);
            });
            return new Snapshot(Map.copyOf(byAlias), Map.copyOf(byEntityId), List.copyOf(providers));
        }
    }
}
