package cn.yiwang.id.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import cn.yiwang.id.kit.testsupport.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTests {

    private final TestClock clock = new TestClock();

    private final CircuitBreaker breaker = new CircuitBreaker("test", 3, Duration.ofSeconds(10), this.clock);

    @Test
    void tryAcquireWhenClosedThenPermits() {
        assertThat(this.breaker.tryAcquire()).isTrue();
        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void onFailureWhenThresholdReachedThenOpensAndRefuses() {
        fail(2);
        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);

        fail(1);

        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(this.breaker.tryAcquire()).isFalse();
    }

    @Test
    void onSuccessWhenBetweenFailuresThenCountStartsAgain() {
        fail(2);
        assertThat(this.breaker.tryAcquire()).isTrue();
        this.breaker.onSuccess();

        fail(2);

        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void tryAcquireWhenOpenWaitPassedThenOneTrialOnly() {
        fail(3);
        this.clock.advance(Duration.ofSeconds(9));
        assertThat(this.breaker.tryAcquire()).isFalse();
        assertThat(this.breaker.isAvailable()).isFalse();

        this.clock.advance(Duration.ofSeconds(1));

        assertThat(this.breaker.isAvailable())
                .as("available without taking the trial slot")
                .isTrue();
        assertThat(this.breaker.tryAcquire()).isTrue();
        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(this.breaker.tryAcquire())
                .as("a second call while the trial is out")
                .isFalse();
    }

    @Test
    void onSuccessWhenHalfOpenThenCloses() {
        fail(3);
        this.clock.advance(Duration.ofSeconds(10));
        assertThat(this.breaker.tryAcquire()).isTrue();

        this.breaker.onSuccess();

        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(this.breaker.tryAcquire()).isTrue();
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void onFailureWhenHalfOpenThenOpensForAFreshWait() {
        fail(3);
        this.clock.advance(Duration.ofSeconds(10));
        assertThat(this.breaker.tryAcquire()).isTrue();

        this.breaker.onFailure();

        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        this.clock.advance(Duration.ofSeconds(9));
        assertThat(this.breaker.tryAcquire()).isFalse();
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void onIgnoredWhenHalfOpenThenAnotherTrialAllowed() {
        fail(3);
        this.clock.advance(Duration.ofSeconds(10));
        assertThat(this.breaker.tryAcquire()).isTrue();

        this.breaker.onIgnored();

        assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void onFailureWhenAlreadyOpenThenWaitNotRestarted() {
        fail(3);
        this.clock.advance(Duration.ofSeconds(5));

        // a call let through before the breaker opened, failing late
        this.breaker.onFailure();

        this.clock.advance(Duration.ofSeconds(5));
        assertThat(this.breaker.tryAcquire()).isTrue();
    }

    @Test
    void constructorWhenThresholdBelowOneThenRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new CircuitBreaker("test", 0, Duration.ofSeconds(1), this.clock));
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(this.breaker.tryAcquire()).isTrue();
            this.breaker.onFailure();
        }
    }
}
