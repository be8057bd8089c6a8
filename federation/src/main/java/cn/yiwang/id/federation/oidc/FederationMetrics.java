package cn.yiwang.id.federation.oidc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts upstream sign-ins: {@code yiwang.federation.attempts{idp}} when one starts, and
 * {@code yiwang.federation.outcomes{idp,outcome}} when it ends. Tags hold the provider alias and the outcome only,
 * never anything about the citizen. Shared by the OIDC relying party and the SAML service provider.
 */
public final class FederationMetrics {

    /** How an upstream sign-in ended. */
    public enum Outcome {

        /** The upstream identity was validated. */
        AUTHENTICATED,

        /** The upstream said no ({@code error=} in the callback). */
        DENIED,

        /** Something was invalid: state, code, token, claims. */
        FAILED,

        /** The upstream could not be reached or was not usable (circuit open, timeout, 5xx, bad discovery). */
        UNAVAILABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry meters;

    public FederationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** @param alias the identity provider a sign-in starts at */
    public void attempt(String alias) {
        Counter.builder("yiwang.federation.attempts")
                .description("Sign-ins started at an upstream identity provider")
                .tag("idp", alias)
                .register(this.meters)
                .increment();
    }

    /**
     * @param alias the identity provider
     * @param outcome how the sign-in ended
     */
    public void outcome(String alias, Outcome outcome) {
        Counter.builder("yiwang.federation.outcomes")
                .description("Upstream sign-ins by how they ended")
                .tag("idp", alias)
                .tag("outcome", outcome.tag())
                .register(this.meters)
                .increment();
    }
}
