package cn.yiwang.id.federation.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The circuit of each upstream, and the bounds on what an upstream can send. */
class UpstreamHttpTests {

    private final TestClock clock = new TestClock();

    private TestUpstreamOp op;

    private IdentityProvider idp;

    @BeforeEach
    void startProvider() throws Exception {
        this.op = new TestUpstreamOp(this.clock);
        this.idp = TestIdentityProviders.zhejiang(this.op);
    }

    @AfterEach
    void stopProvider() {
        this.op.close();
    }

    @Test
    void circuitWhenThresholdReachedThenOpenWithoutCallsThenHalfOpenAfterTheWaitAndClosedOnSuccess() throws Exception {
        TestFederation federation =
                new TestFederation(TestFederation.withBreaker(3, Duration.ofSeconds(30)), this.clock);
        this.op.tokenEndpoint(TestUpstreamOp.TokenEndpoint.SERVER_ERROR);
        for (int i = 0; i < 3; i++) {
            assertThat(federation.signIn(this.op, this.idp))
                    .isEqualTo(new UpstreamResult.Failed("token-endpoint-http-500"));
        }
        assertThat(federation.http.circuitState("zhejiang")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(federation.authorization.isAvailable("zhejiang")).isFalse();
        int requests = this.op.totalRequests();

        // open: both ends refuse, and the province hears nothing
        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> federation.authorization.begin(this.idp, TestFederation.REDIRECT_URI))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("upstream-unavailable"));
        PendingUpstreamLogin pending = new PendingUpstreamLogin("s", "n", "v".repeat(43), "zhejiang", TestClock.START);
        assertThat(federation.callback.complete(
                        this.idp, pending, Map.of("code", "c", "state", "s"), TestFederation.REDIRECT_URI))
                .isEqualTo(new UpstreamResult.Failed("upstream-unavailable"));
        assertThat(this.op.totalRequests()).isEqualTo(requests);
        assertThat(federation.outcomes("unavailable")).isEqualTo(5);

        // the wait passes: the next sign-in is the trial, and its success closes the circuit
        this.clock.advance(Duration.ofSeconds(30));
        assertThat(federation.authorization.isAvailable("zhejiang")).isTrue();
        this.op.tokenEndpoint(TestUpstreamOp.TokenEndpoint.NORMAL);

        assertThat(federation.signIn(this.op, this.idp)).isInstanceOf(UpstreamResult.Authenticated.class);
        assertThat(federation.http.circuitState("zhejiang")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void circuitWhenTokenEndpointRefusesCodesThenStaysClosed() throws Exception {
        TestFederation federation =
                new TestFederation(TestFederation.withBreaker(2, Duration.ofSeconds(30)), this.clock);
        this.op.tokenEndpoint(TestUpstreamOp.TokenEndpoint.INVALID_GRANT);

        for (int i = 0; i < 4; i++) {
            assertThat(federation.signIn(this.op, this.idp))
                    .isEqualTo(new UpstreamResult.Failed("token-endpoint-rejected:invalid_grant"));
        }

        // a province refusing bad codes is up: a citizen (or an attacker) replaying codes must not take it down
        assertThat(federation.http.circuitState("zhejiang")).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void callWhenResponseLargerThanTheLimitThenUnavailable() {
        TestFederation federation =
                new TestFederation(TestFederation.withMaxResponseSize(DataSize.ofKilobytes(2)), this.clock);
        this.op.discoveryChange("service_documentation", "https://zjzwfw.gov.cn/" + "x".repeat(4096));

        assertThatExceptionOfType(UpstreamUnavailableException.class)
                .isThrownBy(() -> federation.authorization.begin(this.idp, TestFederation.REDIRECT_URI))
                .satisfies((ex) -> assertThat(ex.reason()).isEqualTo("discovery-response-too-large"));
    }
}
