package cn.yiwang.id.server.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The live figures of the console's dashboard, read from this node's Micrometer {@link MeterRegistry}: sign-ins
 * per minute by method ({@code yiwang.login{outcome=success}}) and by province ({@code yiwang.federation.outcomes
 * {outcome=authenticated}}), failures (every other outcome of both), and province health from the circuit breakers
 * ({@code yiwang.federation.circuit{idp}}). Per minute is the difference from the counts sampled a minute earlier.
 */
@Component
public final class DashboardFigures {

    private static final Duration SAMPLE = Duration.ofMinutes(1);

    private final MeterRegistry meters;
    private final Clock clock;
    private volatile Sample previous;
    private volatile Sample latest;

    public DashboardFigures(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        this.latest = sample();
        this.previous = this.latest;
    }

    /** The counts of one instant, keyed {@code <meter>|<tag value>|<outcome>}. */
    private record Sample(Instant at, Map<String, Double> counts) {}

    /**
     * What the dashboard shows.
     *
     * @param at when the figures were read
     * @param perMinuteByMethod successful sign-ins in the last minute, by method
     * @param perMinuteByProvince successful federated sign-ins in the last minute, by province
     * @param failuresPerMinute failed sign-ins in the last minute, by {@code method/outcome} or {@code province/outcome}
     * @param totalsByMethod successful sign-ins since this node started, by method
     * @param provinces province health: {@code closed}, {@code half-open} or {@code open}
     */
    public record Figures(
            Instant at,
            Map<String, Long> perMinuteByMethod,
            Map<String, Long> perMinuteByProvince,
            Map<String, Long> failuresPerMinute,
            Map<String, Long> totalsByMethod,
            Map<String, String> provinces) {}

    /** Moves the one-minute window on. */
    @Scheduled(fixedRate = 60_000, initialDelay = 60_000)
    public void tick() {
        this.previous = this.latest;
        this.latest = sample();
    }

    /** @return the figures now */
    public Figures figures() {
        Sample now = sample();
        // the sample of a minute or more ago: the last tick's, or the one before it when the last is too recent
        Sample base =
                (Duration.between(this.latest.at(), now.at()).compareTo(SAMPLE) >= 0) ? this.latest : this.previous;
        Map<String, Long> byMethod = new TreeMap<>();
        Map<String, Long> byProvince = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        for (Map.Entry<String, Double> entry : now.counts().entrySet()) {
            String[] key = entry.getKey().split("\\|", -1);
            long delta = Math.round(entry.getValue() - base.counts().getOrDefault(entry.getKey(), 0.0));
            boolean login = key[0].equals("login");
            boolean success = login ? key[2].equals("success") : key[2].equals("authenticated");
            if (login && success) {
                totals.merge(key[1], Math.round(entry.getValue()), Long::sum);
            }
            if (delta <= 0) {
                continue;
            }
            if (success) {
                (login ? byMethod : byProvince).merge(key[1], delta, Long::sum);
            } else {
                failures.merge(key[1] + "/" + key[2], delta, Long::sum);
            }
        }
        Map<String, String> provinces = new TreeMap<>();
        for (Gauge gauge : this.meters.find("yiwang.federation.circuit").gauges()) {
            double level = gauge.value();
            provinces.put(gauge.getId().getTag("idp"), level >= 2 ? "open" : level >= 1 ? "half-open" : "closed");
        }
        return new Figures(now.at(), byMethod, byProvince, failures, totals, provinces);
    }

    private Sample sample() {
        Map<String, Double> counts = new HashMap<>();
        add(counts, "login", this.meters.find("yiwang.login").counters(), "method", "outcome");
        add(counts, "province", this.meters.find("yiwang.federation.outcomes").counters(), "idp", "outcome");
        return new Sample(this.clock.instant(), counts);
    }

    private static void add(
            Map<String, Double> counts,
            String kind,
            java.util.Collection<Counter> counters,
            String by,
            String outcome) {
        for (Counter counter : counters) {
            String value = counter.getId().getTag(by);
            String result = counter.getId().getTag(outcome);
            counts.merge(
                    kind + "|" + ((value != null) ? value : "other") + "|" + ((result != null) ? result : "unknown"),
                    counter.count(),
                    Double::sum);
        }
    }
}
