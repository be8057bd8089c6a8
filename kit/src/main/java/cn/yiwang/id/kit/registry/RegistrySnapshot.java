package cn.yiwang.id.kit.registry;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An immutable in-memory view of a registry table, so no request reads the database: loaded on demand
 * ({@link #reload()}, after every change made through this node) and every {@code interval} by a
 * {@link PeriodicRefresh}, so changes made through another node arrive without a restart. A failed periodic
 * reload keeps the previous view.
 *
 * <p>A registry extends {@link SnapshotRegistry}, which holds one of these and ties it to the context's
 * lifecycle, and builds its own view type {@code S} (indexes by alias, by entity ID, the login-page list…) in
 * {@code load}.
 *
 * @param <S> the view
 */
public final class RegistrySnapshot<S> {

    private final Supplier<S> load;

    private final PeriodicRefresh periodicRefresh;

    // serialises reloads, so a slow reload that began before a change cannot replace a newer view
    private final ReentrantLock loading = new ReentrantLock();

    private volatile S current;

    /**
     * @param name the refresh thread's name, also used in the log ({@code idp-registry-refresh})
     * @param interval the delay between periodic reloads
     * @param empty the view before the first load
     * @param load reads the table and builds the view, in one query
     */
    public RegistrySnapshot(String name, Duration interval, S empty, Supplier<S> load) {
        this.load = load;
        this.current = empty;
        this.periodicRefresh = new PeriodicRefresh(name, interval, this::reload);
    }

    /** @return the current view */
    public S get() {
        return this.current;
    }

    /**
     * Reloads the view now.
     * @throws RuntimeException what {@code load} throws (the previous view stays)
     */
    public void reload() {
        this.loading.lock();
        try {
            this.current = this.load.get();
        } finally {
            this.loading.unlock();
        }
    }

    /** Starts the periodic reloads. */
    public void start() {
        this.periodicRefresh.start();
    }

    /** Stops the periodic reloads. */
    public void stop() {
        this.periodicRefresh.stop();
    }

    public boolean isRunning() {
        return this.periodicRefresh.isRunning();
    }
}
