package cn.yiwang.id.federation.oidc;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The circuit of one upstream, stepped through with a test clock. */
class CircuitBreakerTests {

	private final TestClock clock = new TestClock();

	private final CircuitBreaker breaker = new CircuitBreaker("zhejiang", 3, Duration.ofSeconds(30), this.clock);

	@Test
	void onFailureWhenBelowThresholdThenClosed() {
		fail(2);

		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void onSuccessWhenBetweenFailuresThenCountStartsOver() {
		fail(2);
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onSuccess();
		fail(2);

		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void tryAcquireWhenOpenThenRefusedUntilTheWaitPasses() {
		fail(3);

		assertThat(this.breaker.tryAcquire()).isFalse();
		assertThat(this.breaker.isAvailable()).isFalse();
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.breaker.isAvailable()).isTrue();
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
	}

	@Test
	void tryAcquireWhenHalfOpenThenOneTrialAtATime() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));

		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.tryAcquire()).isFalse();
	}

	@Test
	void onSuccessWhenTrialThenClosed() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.breaker.tryAcquire()).isTrue();

		this.breaker.onSuccess();

		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void onFailureWhenTrialThenOpenForAnotherWait() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.breaker.tryAcquire()).isTrue();

		this.breaker.onFailure();

		assertThat(this.breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	@Test
	void onIgnoredWhenTrialThenAnotherTrialMayGo() {
		fail(3);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.breaker.tryAcquire()).isTrue();

		this.breaker.onIgnored();

		assertThat(this.breaker.tryAcquire()).isTrue();
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			assertThat(this.breaker.tryAcquire()).isTrue();
			this.breaker.onFailure();
		}
	}

}
