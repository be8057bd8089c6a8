package cn.yiwang.id.server.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of the keys ({@link KeyRing}), and what it signs and publishes with. The copy is read at start-up
 * and kept current by a background task: every {@code yiwang.keys.refresh-interval} it compares the stored version
 * (one cheap query) and reloads when it moved, and it runs the scheduled maintenance when the schedule says so. Which
 * key is active is decided by time from the stored activation instants, so every node switches at the same instant
 * without a restart. While PostgreSQL is unreachable the node keeps its copy and tries again.
 */
public final class SigningKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyStore store;
    private final SigningKeyProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile KeyRing ring;
    private volatile boolean failing;

    public SigningKeys(SigningKeyStore store, SigningKeyProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        KeyRing loaded = store.load();
        if (loaded.needsMaintenance(clock.instant(), properties.retention()) && store.maintain()) {
            loaded = store.load();
        }
        this.ring = loaded;
        this.refresher = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, "signing-keys-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.refreshInterval().toMillis();
        this.refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** @return the keys as this node knows them now */
    public KeyRing ring() {
        return this.ring;
    }

    /** @return the store the keys live in */
    public SigningKeyStore store() {
        return this.store;
    }

    /**
     * The key a role signs (or decrypts) with now.
     * @param role the role
     * @param algorithm e.g. {@code RS256}
     * @return the active key
     */
    public StoredKey active(KeyRole role, String algorithm) {
        StoredKey key = this.ring.active(role, algorithm, this.clock.instant());
        if (key == null) {
            throw new IllegalStateException("No " + role.id() + " " + algorithm + " key");
        }
        return key;
    }

    /**
     * The keys of a role to publish now: active, next, then retired.
     * @param role the role
     * @return those keys
     */
    public List<StoredKey> published(KeyRole role) {
        return this.ring.published(role, this.clock.instant(), this.properties.retention());
    }

    /** Reads the stored keys again at once (after a change made on this node), running maintenance when due. */
    public void refresh() {
        KeyRing current = this.ring;
        Instant now = this.clock.instant();
        if (current.needsMaintenance(now, this.properties.retention())) {
            this.store.maintain();
        }
        if (this.store.version() != current.version()) {
            this.ring = this.store.load();
        }
    }

    /**
     * The OIDC signing keys to sign with: the active key of each algorithm, private parts included. For the
     * {@code JwtEncoder}, which needs exactly one key per algorithm.
     */
    public JWKSource<SecurityContext> signingSource() {
        return (selector, context) -> selector.select(new JWKSet(activeOidcKeys()));
    }

    /**
     * The OIDC signing keys to publish and verify with: active, next and retired, public parts only. For the JWKS
     * endpoint and our own token decoders, so a token signed before a rotation still verifies after it.
     */
    public JWKSource<SecurityContext> publishedSource() {
        return (selector, context) -> select(selector);
    }

    private List<JWK> select(JWKSelector selector) {
        return selector.select(new JWKSet(published(KeyRole.OIDC_SIGNING).stream()
                .map((key) -> key.jwk().toPublicJWK())
                .toList()));
    }

    private List<JWK> activeOidcKeys() {
        return KeyRole.OIDC_SIGNING.algorithms().stream()
                .map((algorithm) ->
                        active(KeyRole.OIDC_SIGNING, algorithm.getName()).jwk())
                .toList();
    }

    private void refreshQuietly() {
        try {
            refresh();
            if (this.failing) {
                log.info("Signing keys read from PostgreSQL again");
                this.failing = false;
            }
        } catch (RuntimeException ex) {
            if (!this.failing) {
                log.warn(
                        "Cannot read the signing keys; keeping this node's copy: {}",
                        ex.getClass().getSimpleName());
                this.failing = true;
            }
        }
    }

    @Override
    public void close() {
        this.refresher.shutdownNow();
    }
}
