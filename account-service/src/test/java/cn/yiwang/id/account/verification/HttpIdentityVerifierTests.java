package cn.yiwang.id.account.verification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import cn.yiwang.id.account.verification.StubRealNameService.StubResponse;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import cn.yiwang.id.kit.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The HTTP verifier against a real HTTP server playing the authoritative service. */
@Timeout(30)
class HttpIdentityVerifierTests {

    private final TestClock clock = new TestClock();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private StubRealNameService stub;

    @BeforeEach
    void startStub() throws IOException {
        this.stub = new StubRealNameService();
    }

    @AfterEach
    void stopStub() throws InterruptedException {
        this.stub.close();
    }

    @Test
    void verifyWhenCalledThenSignsRequestAsContractSays() {
        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isInstanceOf(VerificationResult.Matched.class);
        StubRealNameService.Received request = this.stub.lastReceived();
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/verifications");
        assertThat(request.keyId()).isEqualTo(StubRealNameService.KEY_ID);
        assertThat(request.timestamp()).isEqualTo(Long.toString(TestClock.START.getEpochSecond()));
        assertThat(request.nonce()).matches("[A-Za-z0-9_-]{22}");
        assertThat(request.contentType()).startsWith("application/json");
    }

    @Test
    void verifyWhenCalledTwiceThenNonceAndRequestIdDiffer() {
        HttpIdentityVerifier verifier = verifier();
        verifier.verify(TestVerificationRequests.nameAndNumber());
        verifier.verify(TestVerificationRequests.nameAndNumber());

        List<StubRealNameService.Received> received = this.stub.received();
        assertThat(received.get(0).nonce()).isNotEqualTo(received.get(1).nonce());
        assertThat(received.get(0).requestId()).isNotEqualTo(received.get(1).requestId());
    }

    @Test
    void verifyWhenSecretWrongThenServiceRejectsAndNotRetried() {
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), "another-secret-0123456789abcdefghijklmnop", 3, 5),
                this.meters,
                this.clock);

        VerificationResult result = verifier.verify(TestVerificationRequests.nameAndNumber());

        assertThat(this.stub.lastReceived().signatureValid()).isFalse();
        assertThat(result).isEqualTo(new VerificationResult.Unavailable(verifier.id(), "rejected-401"));
        assertThat(this.stub.requestCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenNameAndNumberThenSendsContractFieldsWithoutPhoto() {
        verifier().verify(TestVerificationRequests.nameAndNumber());

        StubRealNameService.Received request = this.stub.lastReceived();
        assertThat(request.requestId()).matches("[0-9a-f-]{36}");
        assertThat(request.field("check")).isEqualTo("name-number");
        assertThat(request.field("name")).isEqualTo(TestVerificationRequests.NAME);
        assertThat(request.field("documentType")).isEqualTo("resident-id");
        assertThat(request.field("documentNumber")).isEqualTo(TestVerificationRequests.NUMBER);
        assertThat(request.json().has("facePhoto")).isFalse();
    }

    @Test
    void verifyWhenNameAndNumberThenBodyIsTheDocumentedCompactJson() {
        verifier().verify(TestVerificationRequests.nameAndNumber());

        StubRealNameService.Received request = this.stub.lastReceived();
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .isEqualTo(RequestSignerTests.EXAMPLE_BODY.replace(
                        RequestSignerTests.EXAMPLE_REQUEST_ID, request.requestId()));
    }

    @Test
    void verifyWhenFaceMatchThenSendsPhotoAsBase64() {
        VerificationResult result = verifier().verify(TestVerificationRequests.faceMatch());

        assertThat(result).isInstanceOf(VerificationResult.Matched.class);
        StubRealNameService.Received request = this.stub.lastReceived();
        assertThat(request.field("check")).isEqualTo("face");
        assertThat(Base64.getDecoder().decode(request.field("facePhoto"))).isEqualTo(TestVerificationRequests.jpeg());
    }

    @Test
    void verifyWhenServiceMatchesThenMatchedWithTransactionIdAndTime() {
        this.stub.respond((request, attempt) -> StubResponse.match(request, "TX-20260101-0001"));
        HttpIdentityVerifier verifier = verifier();

        VerificationResult result = verifier.verify(TestVerificationRequests.nameAndNumber());

        assertThat(result)
                .isEqualTo(new VerificationResult.Matched("http:127.0.0.1", "TX-20260101-0001", TestClock.START));
        assertThat(verifier.id()).isEqualTo("http:127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name-number-mismatch", "no-such-person", "face-mismatch", "document-invalid"})
    void verifyWhenServiceRefusesThenNotMatchedWithItsReason(String reason) {
        this.stub.respond((request, attempt) -> StubResponse.noMatch(request, reason));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.NotMatched("http:127.0.0.1", reason));
        assertThat(this.stub.requestCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenServerErrorThenRetriedAndMatched() {
        this.stub.respond((request, attempt) ->
                (attempt < 3) ? StubResponse.status(503) : StubResponse.match(request, "tx-third"));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Matched("http:127.0.0.1", "tx-third", TestClock.START));
        assertThat(this.stub.requestCount()).isEqualTo(3);
        // one verification, one requestId, so the service can tell a retry from a new request
        assertThat(this.stub.received())
                .extracting(StubRealNameService.Received::requestId)
                .containsOnly(this.stub.lastReceived().requestId());
        assertThat(this.stub.received())
                .extracting(StubRealNameService.Received::nonce)
                .doesNotHaveDuplicates();
    }

    @Test
    void verifyWhenServerErrorPersistsThenUnavailableAfterMaxAttempts() {
        this.stub.respond((request, attempt) -> StubResponse.status(500));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "http-5xx"));
        assertThat(this.stub.requestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 429})
    void verifyWhenClientErrorThenRejectedAndNotRetried(int status) {
        this.stub.respond((request, attempt) -> StubResponse.status(status));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "rejected-" + status));
        assertThat(this.stub.requestCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenRateLimitedThenNotRetriedButCountedTowardsTheCircuit() {
        this.stub.respond((request, attempt) -> StubResponse.status(429));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 3, 2), this.meters, this.clock);

        verifier.verify(TestVerificationRequests.nameAndNumber());
        assertThat(this.stub.requestCount()).isEqualTo(1);
        verifier.verify(TestVerificationRequests.nameAndNumber());

        assertThat(verifier.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "circuit-open"));
        assertThat(this.stub.requestCount()).isEqualTo(2);
    }

    @Test
    void verifyWhenClientErrorsRepeatThenCircuitStaysClosed() {
        this.stub.respond((request, attempt) -> StubResponse.status(401));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 3, 2), this.meters, this.clock);

        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                    .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "rejected-401"));
        }
        // a configuration problem must keep saying so, not turn into circuit-open
        assertThat(verifier.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(this.stub.requestCount()).isEqualTo(3);
    }

    @Test
    @Timeout(10)
    void verifyWhenServiceTooSlowThenTimeoutAfterBoundedAttempts() {
        this.stub.respond((request, attempt) -> new StubResponse(200, "{}", Duration.ofSeconds(20)));
        HttpVerifierProperties properties = new HttpVerifierProperties(
                true,
                this.stub.baseUrl(),
                StubRealNameService.KEY_ID,
                StubRealNameService.SECRET,
                Duration.ofMillis(200),
                Duration.ofMillis(300),
                2,
                Duration.ofMillis(10),
                5,
                Duration.ofSeconds(30));

        VerificationResult result = new HttpIdentityVerifier(properties, this.meters, this.clock)
                .verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "timeout"));
        assertThat(this.stub.requestCount()).isEqualTo(2);
    }

    @Test
    void verifyWhenNothingListensThenConnectFailedAfterRetries() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        VerificationResult result = new HttpIdentityVerifier(
                        properties(closed, StubRealNameService.SECRET, 3, 5), this.meters, this.clock)
                .verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "connect-failed"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<html>Bad Gateway</html>",
                "",
                "[]",
                "{}",
                "{\"result\":\"match\",\"transactionId\":\"t\"}",
                "{\"requestId\":\"not-this-one\",\"result\":\"match\",\"transactionId\":\"t\"}",
                "{\"requestId\":\"$ID\",\"result\":\"match\"}",
                "{\"requestId\":\"$ID\",\"result\":\"match\",\"transactionId\":\"\"}",
                "{\"requestId\":\"$ID\",\"result\":\"no-match\"}",
                "{\"requestId\":\"$ID\",\"result\":\"no-match\",\"reason\":\"Free text, with spaces\"}",
                "{\"requestId\":\"$ID\",\"result\":\"maybe\"}",
                "{\"requestId\":\"$ID\",\"result\":true}"
            })
    void verifyWhenResponseUnusableThenBadResponseAndNotRetried(String body) {
        this.stub.respond((request, attempt) -> StubResponse.ok(body.replace("$ID", request.requestId())));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "bad-response"));
        assertThat(this.stub.requestCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenServiceReportsErrorThenServiceErrorAndNotRetried() {
        this.stub.respond((request, attempt) -> StubResponse.ok(
                "{\"requestId\":\"" + request.requestId() + "\",\"result\":\"error\",\"reason\":\"source-down\"}"));

        VerificationResult result = verifier().verify(TestVerificationRequests.nameAndNumber());

        assertThat(result).isEqualTo(new VerificationResult.Unavailable("http:127.0.0.1", "service-error"));
        assertThat(this.stub.requestCount()).isEqualTo(1);
    }

    @Test
    void verifyWhenFailuresReachThresholdThenCircuitOpensWithoutCallingService() {
        this.stub.respond((request, attempt) -> StubResponse.status(503));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 1, 3), this.meters, this.clock);

        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                    .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "http-5xx"));
        }
        assertThat(verifier.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                    .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "circuit-open"));
        }
        assertThat(this.stub.requestCount()).isEqualTo(3);
    }

    @Test
    void verifyWhenOpenWaitPassedThenOneTrialAndSuccessCloses() {
        this.stub.respond((request, attempt) ->
                (attempt <= 2) ? StubResponse.status(502) : StubResponse.match(request, "tx-" + attempt));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 1, 2), this.meters, this.clock);
        verifier.verify(TestVerificationRequests.nameAndNumber());
        verifier.verify(TestVerificationRequests.nameAndNumber());

        this.clock.advance(Duration.ofSeconds(29));
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "circuit-open"));
        assertThat(this.stub.requestCount()).isEqualTo(2);

        this.clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isInstanceOf(VerificationResult.Matched.class);
        assertThat(verifier.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isInstanceOf(VerificationResult.Matched.class);
        assertThat(this.stub.requestCount()).isEqualTo(4);
    }

    @Test
    void verifyWhenTrialFailsThenCircuitOpensAgainForAnotherWait() {
        this.stub.respond((request, attempt) -> StubResponse.status(503));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 3, 2), this.meters, this.clock);
        verifier.verify(TestVerificationRequests.nameAndNumber());
        assertThat(this.stub.requestCount())
                .as("the breaker opened during the retries and stopped them")
                .isEqualTo(2);

        this.clock.advance(Duration.ofSeconds(30));
        // the trial gets one attempt: its failure re-opens the circuit before a retry
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "http-5xx"));
        assertThat(this.stub.requestCount()).isEqualTo(3);
        assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                .isEqualTo(new VerificationResult.Unavailable(verifier.id(), "circuit-open"));
        assertThat(this.stub.requestCount()).isEqualTo(3);
    }

    @Test
    void verifyWhenNotMatchedThenCircuitCountsItAsAnAnswer() {
        this.stub.respond((request, attempt) ->
                (attempt % 2 == 1) ? StubResponse.status(503) : StubResponse.noMatch(request, "no-such-person"));
        HttpIdentityVerifier verifier = new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 2, 2), this.meters, this.clock);

        for (int i = 0; i < 4; i++) {
            assertThat(verifier.verify(TestVerificationRequests.nameAndNumber()))
                    .isInstanceOf(VerificationResult.NotMatched.class);
        }
        assertThat(verifier.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void verifyWhenDoneThenCountsAndTimesByVerifierCheckAndOutcome() {
        this.stub.respond((request, attempt) ->
                (attempt == 1) ? StubResponse.match(request, "tx") : StubResponse.noMatch(request, "face-mismatch"));
        HttpIdentityVerifier verifier = verifier();

        verifier.verify(TestVerificationRequests.nameAndNumber());
        verifier.verify(TestVerificationRequests.faceMatch());

        assertThat(this.meters
                        .get("yiwang.verification")
                        .tags("verifier", "http:127.0.0.1", "check", "name-number", "outcome", "matched")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(this.meters
                        .get("yiwang.verification")
                        .tags("verifier", "http:127.0.0.1", "check", "face", "outcome", "not-matched")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(this.meters
                        .get("yiwang.verification.latency")
                        .tags("verifier", "http:127.0.0.1")
                        .timers())
                .hasSize(2)
                .allSatisfy((timer) -> assertThat(timer.count()).isEqualTo(1));
    }

    @Test
    void verifyWhenLoggingThenNameAndNumberMaskedAndSecretAbsent() {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpIdentityVerifier.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            this.stub.respond((request, attempt) ->
                    (attempt == 1) ? StubResponse.match(request, "tx") : StubResponse.status(401));
            HttpIdentityVerifier verifier = verifier();
            verifier.verify(TestVerificationRequests.nameAndNumber());
            verifier.verify(TestVerificationRequests.nameAndNumber());
        } finally {
            logger.detachAppender(appender);
        }

        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch((message) -> message.contains(TestVerificationRequests.NAME)
                        || message.contains(TestVerificationRequests.NUMBER)
                        || message.contains(StubRealNameService.SECRET))
                .anyMatch((message) -> message.contains("测****") && message.contains("1101**********002X"));
    }

    private HttpIdentityVerifier verifier() {
        return new HttpIdentityVerifier(
                properties(this.stub.baseUrl(), StubRealNameService.SECRET, 3, 5), this.meters, this.clock);
    }

    private static HttpVerifierProperties properties(
            URI baseUrl, String secret, int maxAttempts, int failureThreshold) {
        return new HttpVerifierProperties(
                true,
                baseUrl,
                StubRealNameService.KEY_ID,
                secret,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                maxAttempts,
                Duration.ofMillis(10),
                failureThreshold,
                Duration.ofSeconds(30));
    }
}
