package cn.yiwang.id.kit.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads an in-memory registry snapshot on a daemon thread at a fixed delay, so changes made
 * through another node arrive without a restart; a failed reload is logged and the previous
 * snapshot kept (a scheduled task that throws would never run again).
 */
public final class PeriodicRefresh {

    private static final Logger log = LoggerFactory.getLogger(PeriodicRefresh.class);

    private final String name;

    private final Duration interval;

    private final Runnable reload;

    private volatile ScheduledExecutorService scheduler;

    /**
     * @param name the thread's name, also used in the log ({@code idp-registry-refresh})
     * @param interval the delay between reloads
     * @param reload the reload
     */
    public PeriodicRefresh(String name, Duration interval, Runnable reload) {
        this.name = name;
        this.interval = interval;
        this.reload = reload;
    }

    public synchronized void start() {
        if (this.scheduler != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, this.name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = this.interval.toMillis();
        executor.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
        this.scheduler = executor;
    }

    public synchronized void stop() {
        ScheduledExecutorService executor = this.scheduler;
        if (executor != null) {
            executor.shutdownNow();
            this.scheduler = null;
        }
    }

    public boolean isRunning() {
        return this.scheduler != null;
    }

    private void reloadQuietly() {
        try {
            this.reload.run();
        } catch (RuntimeException ex) {
            log.warn("{}: not refreshed, keeping the previous snapshot: {}", this.name, ex.toString());
        }
    }
}
