package cn.yiwang.id.kit.registry;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;

/**
 * The base of a registry served from a {@link RegistrySnapshot}: the first load while the context starts (before
 * the web server takes requests), reloads on demand, and periodic reloads tied to the context's lifecycle.
 *
 * <p>A registry extends it, builds its view {@code S} in {@code load} and reads it through {@link #view()}; what
 * it logs after the first load is its own ({@link #loaded()}).
 *
 * @param <S> the view
 */
public abstract class SnapshotRegistry<S> implements InitializingBean, SmartLifecycle {

    private final RegistrySnapshot<S> snapshot;

    /**
     * @param name the refresh thread's name ({@code client-registry-refresh})
     * @param interval the delay between periodic reloads
     * @param empty the view before the first load
     * @param load reads the table and builds the view, in one query
     */
    protected SnapshotRegistry(String name, Duration interval, S empty, Supplier<S> load) {
        this.snapshot = new RegistrySnapshot<>(name, interval, empty, load);
    }

    /** @return the current view */
    protected final S view() {
        return this.snapshot.get();
    }

    /**
     * Reloads the view from the database now, in one query.
     * @throws org.springframework.dao.DataAccessException when the database cannot be read (the previous view
     *     stays)
     */
    public final void refresh() {
        this.snapshot.reload();
    }

    /** Called once after the first load, to say what was loaded. */
    protected abstract void loaded();

    @Override
    public final void afterPropertiesSet() {
        refresh();
        loaded();
    }

    @Override
    public final void start() {
        this.snapshot.start();
    }

    @Override
    public final void stop() {
        this.snapshot.stop();
    }

    @Override
    public final boolean isRunning() {
        return this.snapshot.isRunning();
    }
}
