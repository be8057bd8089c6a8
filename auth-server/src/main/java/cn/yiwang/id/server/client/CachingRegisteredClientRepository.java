package cn.yiwang.id.server.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Keeps recently read clients in memory for a short time, so the token endpoint does not query
 * PostgreSQL and parse settings on every request; changes made elsewhere show within the TTL. While
 * PostgreSQL cannot be reached, a client read before keeps being served (nothing can change it
 * meanwhile), so client-credentials tokens keep working through a database outage.
 */
public final class CachingRegisteredClientRepository implements RegisteredClientRepository {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(RegisteredClient client, Instant expiresAt) {}

    private final RegisteredClientRepository delegate;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Entry> byClientId = new ConcurrentHashMap<>();

    public CachingRegisteredClientRepository(RegisteredClientRepository delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        this.delegate.save(registeredClient);
        this.byId.remove(registeredClient.getId());
        this.byClientId.remove(registeredClient.getClientId());
    }

    @Override
    public RegisteredClient findById(String id) {
        return cached(this.byId, id, () -> this.delegate.findById(id));
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return cached(this.byClientId, clientId, () -> this.delegate.findByClientId(clientId));
    }

    private RegisteredClient cached(
            ConcurrentHashMap<String, Entry> cache, String key, java.util.function.Supplier<RegisteredClient> loader) {
        Instant now = this.clock.instant();
        Entry entry = cache.get(key);
        if (entry != null && entry.expiresAt().isAfter(now)) {
            return entry.client();
        }
        RegisteredClient client;
        try {
            client = loader.get();
        } catch (DataAccessException ex) {
            if (entry != null) {
                return entry.client();
            }
            throw ex;
        }
        if (client != null) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Entry(client, now.plus(this.ttl)));
        } else {
            cache.remove(key);
        }
        return client;
    }
}
