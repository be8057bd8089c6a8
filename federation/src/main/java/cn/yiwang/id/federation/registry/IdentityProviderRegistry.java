package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.registry.RegistrySnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The identity providers as the login page and the OIDC flow see them: an immutable snapshot in
 * memory, so no sign-in reads PostgreSQL.
 *
 * <p>The snapshot is loaded in one query when the context starts, reloaded after every change made
 * through this node ({@link IdentityProviderAdministration}) and every
 * {@code yiwang.federation.registry-refresh-interval} (15 s by default), so changes made through
 * another node take effect here without a restart. A failed reload keeps the previous snapshot.
 */
@Component
public final class IdentityProviderRegistry implements InitializingBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviderRegistry.class);

    private final RegistrySnapshot<Snapshot> snapshot;

    public IdentityProviderRegistry(IdentityProviderRepository repository, FederationRegistryProperties properties) {
        this.snapshot = new RegistrySnapshot<>(
                "idp-registry-refresh",
                properties.registryRefreshInterval(),
                Snapshot.of(List.of()),
                () -> Snapshot.of(repository.findAll().stream()
                        .map(VersionedIdentityProvider::provider)
                        .toList()));
    }

    /**
     * Finds a provider the OIDC flow may use.
     * @param alias its alias (e.g. from {@code idp_hint} or the callback URL)
     * @return the provider when it exists and is enabled, else empty
     */
    public Optional<IdentityProvider> findEnabled(String alias) {
        if (alias == null) {
            return Optional.empty();
        }
        IdentityProvider provider = this.snapshot.get().byAlias().get(alias);
        return (provider != null && provider.enabled()) ? Optional.of(provider) : Optional.empty();
    }

    /**
     * Finds the enabled SAML provider with an entity ID, for a message that names its sender only by its
     * {@code Issuer} (a Single Logout request). Entity IDs are not unique in the registry; the first in login-page
     * order wins, and only its metadata's keys are then trusted.
     * @param entityId the IdP's entity ID
     * @return the provider, or empty
     */
    public Optional<IdentityProvider> findEnabledSaml(String entityId) {
        if (entityId == null) {
            return Optional.empty();
        }
        return this.snapshot.get().all().stream()
                .filter((p) ->
                        p.enabled() && p.protocol() == IdentityProvider.Protocol.SAML && entityId.equals(p.issuer()))
                .findFirst();
    }

    /** @return the enabled providers shown on the login page, in their order (then by alias) */
    public List<IdentityProvider> loginPage() {
        return this.snapshot.get().loginPage();
    }

    /** @return every provider, enabled or not, in login-page order (then by alias) */
    public List<IdentityProvider> all() {
        return this.snapshot.get().all();
    }

    /**
     * Reloads the snapshot from the database now, in one query.
     * @throws org.springframework.dao.DataAccessException when the database cannot be read (the
     * previous snapshot stays)
     */
    public void refresh() {
        this.snapshot.reload();
    }

    /** Loads the first snapshot while the context starts, before the web server takes requests. */
    @Override
    public void afterPropertiesSet() {
        refresh();
        log.info(
                "Identity-provider registry loaded: {} providers, {} on the login page",
                all().size(),
                loginPage().size());
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

    /** One consistent view; the lists come ordered from the repository. */
    private record Snapshot(
            Map<String, IdentityProvider> byAlias, List<IdentityProvider> all, List<IdentityProvider> loginPage) {

        static Snapshot of(List<IdentityProvider> providers) {
            Map<String, IdentityProvider> byAlias = new LinkedHashMap<>();
            providers.forEach((provider) -> byAlias.put(provider.alias(), provider));
            return new Snapshot(
                    Map.copyOf(byAlias),
                    List.copyOf(providers),
                    providers.stream()
                            .filter((p) -> p.enabled() && p.shownOnLoginPage())
                            .toList());
        }
    }
}
