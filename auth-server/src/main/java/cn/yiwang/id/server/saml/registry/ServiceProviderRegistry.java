package cn.yiwang.id.server.saml.registry;

import cn.yiwang.id.kit.registry.SnapshotRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class ServiceProviderRegistry extends SnapshotRegistry<ServiceProviderRegistry.Snapshot>
        implements ServiceProviders {

    private static final Logger log = LoggerFactory.getLogger(ServiceProviderRegistry.class);

    public ServiceProviderRegistry(ServiceProviderRepository repository, ServiceProviderRegistryProperties properties) {
        super(
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
        ServiceProvider provider = view().byEntityId().get(entityId);
        return (provider != null && provider.enabled()) ? Optional.of(provider) : Optional.empty();
    }

    @Override
    public Optional<ServiceProvider> findByAlias(String alias) {
        return (alias != null) ? Optional.ofNullable(view().byAlias().get(alias)) : Optional.empty();
    }

    @Override
    public List<ServiceProvider> all() {
        return view().all();
    }

    @Override
    protected void loaded() {
        log.info("SAML service-provider registry loaded: {} providers", all().size());
    }

    /** One consistent view; the list comes ordered from the repository. */
    record Snapshot(
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
