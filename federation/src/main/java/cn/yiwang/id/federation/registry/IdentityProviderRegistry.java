package cn.yiwang.id.federation.registry;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.registry.SnapshotRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class IdentityProviderRegistry extends SnapshotRegistry<IdentityProviderRegistry.Snapshot> {

    private static final Logger log = LoggerFactory.getLogger(IdentityProviderRegistry.class);

    public IdentityProviderRegistry(IdentityProviderRepository repository, FederationRegistryProperties properties) {
        super(
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
        IdentityProvider provider = view().byAlias().get(alias);
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
        return view().all().stream()
                .filter((p) ->
                        p.enabled() && p.protocol() == IdentityProvider.Protocol.SAML && entityId.equals(p.issuer()))
                .findFirst();
    }

    /** @return the enabled providers shown on the login page, in their order (then by alias) */
    public List<IdentityProvider> loginPage() {
        return view().loginPage();
    }

    /** @return every provider, enabled or not, in login-page order (then by alias) */
    public List<IdentityProvider> all() {
        return view().all();
    }

    @Override
    protected void loaded() {
        log.info(
                "Identity-provider registry loaded: {} providers, {} on the login page",
                all().size(),
                loginPage().size());
    }

    /** One consistent view; the lists come ordered from the repository. */
    record Snapshot(
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
