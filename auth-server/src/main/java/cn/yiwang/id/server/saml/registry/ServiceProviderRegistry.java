package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.RegistrySnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final RegistrySnapshot<Snapshot> snapshot;

    public ServiceProviderRegistry(ServiceProviderRepository repository, ServiceProviderRegistryProperties properties) {
        this.snapshot = new RegistrySnapshot<>(
                "saml-sp-registry-refresh",
                properties.registryRefreshInterval(),
                Snapshot.of(List.of()),
                () -> Snapshot.of(repository.findAll().stream()
                        .map(VersionedServiceProvider::provider)
                        .toList()));
    }

    @Override
    public Optional<ServiceProvider> findEnabledByEntityId(String entityId) {
        if (entityId == null) {
            return Optional.empty();
        }
        ServiceProvider provider = this.snapshot.get().byEntityId().get(entityId);
        return (provider != null && provider.enabled()) ? Optional.of(provider) : Optional.empty();
    }

    @Override
    public Optional<ServiceProvider> findByAlias(String alias) {
        return (alias != null)
                ? Optional.ofNullable(this.snapshot.get().byAlias().get(alias))
                : Optional.empty();
    }

    @Override
    public List<ServiceProvider> all() {
        return this.snapshot.get().all();
    }

    /**
     * Reloads the snapshot from the database now, in one query.
     * @throws org.springframework.dao.DataAccessException when the database cannot be read (the previous
     *     snapshot stays)
     */
    public void refresh() {
        this.snapshot.reload();
    }

    /** Loads the first snapshot while the context starts, before the web server takes requests. */
    @Override
    public void afterPropertiesSet() {
        refresh();
        log.info("SAML service-provider registry loaded: {} providers", all().size());
    }

    @Override
    public void start() {
        this.snapshot.start();
    }

    @Override
    public void stop() {
        this.snapshot.stop();
    }

    @Override
    public boolean isRunning() {
        return this.snapshot.isRunning();
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
