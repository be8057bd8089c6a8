package cn.yiwang.id.server.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A store's health, checked on a thread of its own every {@code yiwang.database.health-interval}, so a probe reads
 * the last result at once instead of waiting on a store that may hang (readiness answers within a second,
 * whatever the stores do). The store is DOWN when its last check failed, or when no check has succeeded within the
 * interval plus the check timeout (a check that hangs counts as a failure). Logged on each change of state only.
 */
public final class BackgroundHealth implements HealthIndicator, AutoCloseable {

    /** One check: returns normally when the store answers, throws when it does not. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(BackgroundHealth.class);

    private final String name;
    private final Check check;
    private final Duration staleAfter;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private volatile Instant lastSuccess;
    private volatile String lastProblem = "not checked yet";
    private volatile boolean reportedUp = true;

    public BackgroundHealth(String name, Check check, StoreTimeoutProperties properties, Clock clock) {
        this.name = name;
        this.check = check;
        this.staleAfter = properties.healthInterval().plus(properties.healthTimeout());
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, "health-" + name);
            thread.setDaemon(true);
            return thread;
        });
        checkNow();
        long interval = properties.healthInterval().toMillis();
        this.executor.scheduleWithFixedDelay(this::checkNow, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        Instant success = this.lastSuccess;
        boolean up = success != null
                && this.lastProblem == null
                && success.plus(this.staleAfter).isAfter(this.clock.instant());
        if (up) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail("problem", (this.lastProblem != null) ? this.lastProblem : "no answer in time")
                .build();
    }

    private void checkNow() {
        try {
            this.check.run();
            this.lastSuccess = this.clock.instant();
            this.lastProblem = null;
            if (!this.reportedUp) {
                log.info("{} is reachable again", this.name);
                this.reportedUp = true;
            }
        } catch (Exception ex) {
            this.lastProblem = ex.getClass().getSimpleName();
            if (this.reportedUp) {
                log.warn("{} is unreachable: {}", this.name, ex.getClass().getSimpleName());
                this.reportedUp = false;
            }
        }
    }

    @Override
    public void close() {
        this.executor.shutdownNow();
    }
}
