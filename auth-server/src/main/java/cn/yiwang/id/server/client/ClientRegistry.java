package cn.yiwang.id.server.client;

import cn.yiwang.id.kit.registry.SnapshotRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The relying parties as the protocol endpoints see them: an immutable snapshot in memory, so no token
 * request reads PostgreSQL. Loaded when the context starts, reloaded after every change made through
 * this node ({@link ClientAdministration}) and every {@code yiwang.clients.registry-refresh-interval}, so
 * changes made through another node take effect here without a restart. A client this snapshot does not
 * know yet (created elsewhere a moment ago) is read from the database. Disabled clients are not served.
 */
public final class ClientRegistry extends SnapshotRegistry<ClientRegistry.ClientsView>
        implements RegisteredClientRepository {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    private final JdbcClientRepository repository;

    public ClientRegistry(JdbcClientRepository repository, Duration refreshInterval) {
        super(
                "client-registry-refresh",
                refreshInterval,
                ClientsView.of(List.of()),
                () -> ClientsView.of(repository.findAll()));
        this.repository = repository;
    }

    /** Clients are changed through {@link ClientAdministration}, which validates, versions and audits. */
    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("Change clients through ClientAdministration");
    }

    @Override
    public RegisteredClient findById(String id) {
        if (id == null) {
            return null;
        }
        StoredClient stored = view().byId().get(id);
        if (stored == null) {
            stored = this.repository.findById(id).orElse(null);
        }
        return served(stored);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        if (clientId == null || clientId.length() > 100) {
            return null;
        }
        StoredClient stored = view().byClientId().get(clientId);
        if (stored == null) {
            stored = this.repository.findByClientId(clientId).orElse(null);
        }
        return served(stored);
    }

    /** Every client as stored, enabled or not, from the snapshot. */
    public List<StoredClient> all() {
        return view().all();
    }

    /** Whether an enabled client registered this browser origin (CORS). */
    public boolean isWebOrigin(String origin) {
        return view().webOrigins().contains(origin);
    }

    @Override
    protected void loaded() {
        log.info("Client registry loaded: {} clients", all().size());
    }

    private static RegisteredClient served(StoredClient stored) {
        return (stored != null && stored.enabled()) ? stored.client() : null;
    }

    /** One consistent view of every client, by id, by client id, and the web origins of the enabled ones. */
    record ClientsView(
            Map<String, StoredClient> byId,
            Map<String, StoredClient> byClientId,
            Set<String> webOrigins,
            List<StoredClient> all) {

        static ClientsView of(List<StoredClient> clients) {
            Map<String, StoredClient> byId = new HashMap<>();
            Map<String, StoredClient> byClientId = new HashMap<>();
            Set<String> origins = new LinkedHashSet<>();
            for (StoredClient client : clients) {
                byId.put(client.client().getId(), client);
                byClientId.put(client.clientId(), client);
                if (client.enabled()) {
                    origins.addAll(RelyingPartySettings.webOrigins(client.client()));
                }
            }
            return new ClientsView(Map.copyOf(byId), Map.copyOf(byClientId), Set.copyOf(origins), List.copyOf(clients));
        }
    }

    /** @return the stored client, enabled or not, from the snapshot or else the database */
    public Optional<StoredClient> stored(String clientId) {
        StoredClient stored = view().byClientId().get(clientId);
        return (stored != null) ? Optional.of(stored) : this.repository.findByClientId(clientId);
    }
}
