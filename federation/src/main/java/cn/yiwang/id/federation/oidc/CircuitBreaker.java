package cn.yiwang.id.federation.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit of one upstream identity provider: opens after a number of consecutive failed calls, refuses
 * calls while open, lets a single trial call through once the wait has passed (half-open), and closes when
 * that call succeeds.
 *
 * <p>A permitted call must be reported exactly once ({@link #onSuccess()}, {@link #onFailure()} or
 * {@link #onIgnored()}), or a half-open circuit would wait for its trial forever. Thread-safe.
 */
final class CircuitBreaker {

	private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

	/** Where a circuit stands. */
	enum State {

		CLOSED, OPEN, HALF_OPEN

	}

	private final String alias;

	private final int failureThreshold;

	private final Duration openWait;

	private final Clock clock;

	private State state = State.CLOSED;

	private int consecutiveFailures;

	private Instant openedAt;

	private boolean trialInFlight;

	CircuitBreaker(String alias, int failureThreshold, Duration openWait, Clock clock) {
		if (failureThreshold < 1) {
			throw new IllegalArgumentException("failureThreshold must be at least 1");
		}
		this.alias = alias;
		this.failureThreshold = failureThreshold;
		this.openWait = openWait;
		this.clock = clock;
	}

	/**
	 * Asks to make a call.
	 * @return whether the call may go ahead; when it may, it must be reported
	 */
	synchronized boolean tryAcquire() {
		switch (this.state) {
			case CLOSED:
				return true;
			case OPEN:
				if (waiting()) {
					return false;
				}
				this.state = State.HALF_OPEN;
				this.trialInFlight = true;
				log.info("Circuit to upstream {} half-open: trying one call", this.alias);
				return true;
			default:
				// one trial at a time: a still-sick upstream gets one call, not every waiting citizen's
				if (this.trialInFlight) {
					return false;
				}
				this.trialInFlight = true;
				return true;
		}
	}

	/**
	 * Whether a call would stand a chance now, without taking the trial slot: what the login page asks.
	 * @return {@code false} only while the circuit is open and its wait has not passed
	 */
	synchronized boolean isAvailable() {
		return this.state != State.OPEN || !waiting();
	}

	synchronized void onSuccess() {
		if (this.state != State.CLOSED) {
			log.info("Circuit to upstream {} closed", this.alias);
		}
		this.state = State.CLOSED;
		this.consecutiveFailures = 0;
		this.trialInFlight = false;
	}

	synchronized void onFailure() {
		if (this.state == State.HALF_OPEN) {
			open("the trial call failed");
		}
		else if (this.state == State.CLOSED) {
			this.consecutiveFailures++;
			if (this.consecutiveFailures >= this.failureThreshold) {
				open(this.consecutiveFailures + " consecutive failures");
			}
		}
		// already open: a call let through before it opened must not restart the wait
	}

	/** Reports a call that says nothing about the upstream (a bug on our side, an interrupt). */
	synchronized void onIgnored() {
		this.trialInFlight = false;
	}

	synchronized State state() {
		return this.state;
	}

	private boolean waiting() {
		return this.clock.instant().isBefore(this.openedAt.plus(this.openWait));
	}

	private void open(String why) {
		this.state = State.OPEN;
		this.openedAt = this.clock.instant();
		this.consecutiveFailures = 0;
		this.trialInFlight = false;
		log.warn("Circuit to upstream {} open for {}: {}", this.alias, this.openWait, why);
	}

}
