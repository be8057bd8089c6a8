package cn.yiwang.id.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DashboardFiguresTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T04:00:00Z"));

    @Test
    void figuresWhenCountersMovedSinceTheLastMinuteThenPerMinuteByMethodProvinceAndFailures() {
        this.meters
                .counter("yiwang.login", "outcome", "success", "method", "pwd")
                .increment(10);
        DashboardFigures figures = new DashboardFigures(this.meters, this.clock);
        this.clock.advance(Duration.ofMinutes(1));
        figures.tick();
        this.meters
                .counter("yiwang.login", "outcome", "success", "method", "pwd")
                .increment(3);
        this.meters
                .counter("yiwang.login", "outcome", "success", "method", "sms")
                .increment(2);
        this.meters
                .counter("yiwang.login", "outcome", "rejected", "method", "pwd")
                .increment();
        this.meters
                .counter("yiwang.federation.outcomes", "idp", "zhejiang", "outcome", "authenticated")
                .increment(4);
        this.meters
                .counter("yiwang.federation.outcomes", "idp", "zhejiang", "outcome", "unavailable")
                .increment();
        this.clock.advance(Duration.ofSeconds(70));

        DashboardFigures.Figures now = figures.figures();

        assertThat(now.perMinuteByMethod()).containsEntry("pwd", 3L).containsEntry("sms", 2L);
        assertThat(now.perMinuteByProvince()).containsEntry("zhejiang", 4L);
        assertThat(now.failuresPerMinute()).containsEntry("pwd/rejected", 1L).containsEntry("zhejiang/unavailable", 1L);
        assertThat(now.totalsByMethod()).containsEntry("pwd", 13L).containsEntry("sms", 2L);
    }

    @Test
    void figuresWhenCircuitGaugesThenProvinceHealth() {
        AtomicInteger zhejiang = new AtomicInteger(0);
        AtomicInteger guangdong = new AtomicInteger(2);
        Gauge.builder("yiwang.federation.circuit", zhejiang, AtomicInteger::get)
                .tag("idp", "zhejiang")
                .register(this.meters);
        Gauge.builder("yiwang.federation.circuit", guangdong, AtomicInteger::get)
                .tag("idp", "guangdong")
                .register(this.meters);

        DashboardFigures.Figures now = new DashboardFigures(this.meters, this.clock).figures();

        assertThat(now.provinces()).containsEntry("zhejiang", "closed").containsEntry("guangdong", "open");
        assertThat(now.perMinuteByMethod()).isEmpty();
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
