package cn.yiwang.id.kit.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops calling a failing service: opens after a number of consecutive failures, lets one
 * trial call through once a wait has passed (half-open), and closes when that call succeeds.
 *
 * <p>Every permitted call must be reported exactly once, through {@link #onSuccess()},
 * {@link #onFailure()} or {@link #onIgnored()}; otherwise a half-open breaker would wait for
 * its trial forever. Thread-safe; its state is per instance.
 */
public final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    /** Where the breaker stands. */
    public enum State {

        /** Calls go through; consecutive failures are counted. */
        CLOSED,

        /** Calls are refused until the wait has passed. */
        OPEN,

        /** One trial call is (or may be) on its way; the others are refused. */
        HALF_OPEN
    }

    private final String name;

    private final int failureThreshold;

    private final Duration openWait;

    private final Clock clock;

    private State state = State.CLOSED;

    private int consecutiveFailures;

    private Instant openedAt;

    private boolean trialInFlight;

    /**
     * Creates a closed breaker.
     * @param name names the protected service in logs
     * @param failureThreshold consecutive failures that open the breaker
     * @param openWait how long it stays open before a trial call
     * @param clock the time source, so tests can move time instead of sleeping
     */
    public CircuitBreaker(String name, int failureThreshold, Duration openWait, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        this.name = name;
        this.failureThreshold = failureThreshold;
        this.openWait = openWait;
        this.clock = clock;
    }

    /**
     * Asks to make a call.
     * @return {@code true} when the call may go ahead, and must then be reported
     */
    public synchronized boolean tryAcquire() {
        switch (this.state) {
            case CLOSED:
                return true;
            case OPEN:
                if (this.clock.instant().isBefore(this.openedAt.plus(this.openWait))) {
                    return false;
                }
                this.state = State.HALF_OPEN;
                this.trialInFlight = true;
                log.info("Circuit to {} half-open: trying one call", this.name);
                return true;
            default:
                // half-open: a single trial at a time, so a still-sick service gets one call, not a burst
                if (this.trialInFlight) {
                    return false;
                }
                this.trialInFlight = true;
                return true;
        }
    }

    /**
     * Whether a call would stand a chance now, without taking the trial slot (what a login page asks
     * before offering a provider).
     * @return {@code false} only while the breaker is open and its wait has not passed
     */
    public synchronized boolean isAvailable() {
        return this.state != State.OPEN || !this.clock.instant().isBefore(this.openedAt.plus(this.openWait));
    }

    /** Reports that the service answered. */
    public synchronized void onSuccess() {
        if (this.state != State.CLOSED) {
            log.info("Circuit to {} closed", this.name);
        }
        this.state = State.CLOSED;
        this.consecutiveFailures = 0;
        this.trialInFlight = false;
    }

    /** Reports that the service did not answer usefully. */
    public synchronized void onFailure() {
        switch (this.state) {
            case CLOSED:
                this.consecutiveFailures++;
                if (this.consecutiveFailures >= this.failureThreshold) {
                    open(this.consecutiveFailures + " consecutive failures");
                }
                break;
            case HALF_OPEN:
                open("the trial call failed");
                break;
            default:
                // a call let through before the breaker opened: it is open already, and its wait
                // should not restart for a failure that was already counted as part of opening it
                break;
        }
    }

    /** Reports a call that says nothing about the service (for example, the caller was interrupted). */
    public synchronized void onIgnored() {
        this.trialInFlight = false;
    }

    /**
     * Where the breaker stands now; an open breaker whose wait has passed still reads
     * {@link State#OPEN} until a call tries it.
     * @return the state
     */
    public synchronized State state() {
        return this.state;
    }

    private void open(String why) {
        this.state = State.OPEN;
        this.openedAt = this.clock.instant();
        this.trialInFlight = false;
        this.consecutiveFailures = 0;
        log.warn("Circuit to {} open for {}: {}", this.name, this.openWait, why);
    }
}
