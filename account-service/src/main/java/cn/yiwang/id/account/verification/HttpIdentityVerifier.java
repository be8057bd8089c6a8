package cn.yiwang.id.account.verification;

import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Verifies identities with an authoritative real-name service over the signed JSON contract
 * of {@code docs/realname-verifier-contract.md}.
 *
 * <p>Each verification is one {@code requestId}, kept across its attempts so the service can
 * recognise a retry; each attempt is signed afresh (new timestamp and nonce). An attempt is
 * retried only when it timed out, could not connect, or got a 5xx: a definite answer and a
 * 4xx are final. Every attempt passes the circuit breaker, so a service that is down costs
 * one refused call, not {@code timeout × max-attempts} per citizen.
 */
public final class HttpIdentityVerifier implements IdentityVerifier {

    private static final Logger log = LoggerFactory.getLogger(HttpIdentityVerifier.class);

    private static final Set<VerificationCheck> SUPPORTED = EnumSet.allOf(VerificationCheck.class);

    // reasons and transaction ids end up in logs and records: accept tokens, not free text
    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private static final Pattern TRANSACTION_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final HttpVerifierProperties properties;

    private final String id;

    private final URI endpoint;

    private final SignedPost post;

    private final CircuitBreaker breaker;

    private final MeterRegistry meters;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * Creates a verifier.
     * @param properties the service and resilience settings; must be enabled
     * @param meters where to count verifications
     * @param clock the time source for signatures, results and the circuit breaker
     */
    public HttpIdentityVerifier(HttpVerifierProperties properties, MeterRegistry meters, Clock clock) {
        if (!properties.enabled()) {
            throw new IllegalArgumentException("yiwang.verification.http.enabled must be true");
        }
        this.properties = properties;
        this.endpoint = properties.endpoint();
        this.id = "http:" + this.endpoint.getHost();
        this.post = new SignedPost(
                this.endpoint,
                properties.keyId(),
                properties.secret(),
                properties.connectTimeout(),
                properties.timeout(),
                clock);
        this.breaker = new CircuitBreaker(this.id, properties.failureThreshold(), properties.openWait(), clock);
        this.meters = meters;
        this.clock = clock;
        if (!"https".equals(this.endpoint.getScheme())) {
            log.warn("Real-name service {} is reached without TLS: only acceptable on a test machine", this.endpoint);
        }
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public Set<VerificationCheck> supports() {
        return SUPPORTED;
    }

    @Override
    public VerificationResult verify(VerificationRequest request) {
        Timer.Sample sample = Timer.start(this.meters);
        VerificationResult result = call(request);
        String check = request.check().code();
        Counter.builder("yiwang.verification")
                .description("Identity verifications by verifier, check and outcome")
                .tag("verifier", this.id)
                .tag("check", check)
                .tag("outcome", result.outcome())
                .register(this.meters)
                .increment();
        sample.stop(Timer.builder("yiwang.verification.latency")
                .description("Time to a verification result, retries included")
                .tag("verifier", this.id)
                .tag("check", check)
                .tag("outcome", result.outcome())
                .register(this.meters));
        logResult(request, result);
        return result;
    }

    CircuitBreaker.State circuitState() {
        return this.breaker.state();
    }

    private VerificationResult call(VerificationRequest request) {
        String requestId = UUID.randomUUID().toString();
        byte[] body = body(requestId, request);
        VerificationResult last = null;
        for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
            if (!this.breaker.tryAcquire()) {
                // when the breaker opened during our own retries, the last real failure says more
                return (last != null) ? last : new VerificationResult.Unavailable(this.id, "circuit-open");
            }
            Attempt outcome;
            try {
                outcome = attempt(requestId, body);
            } catch (RuntimeException ex) {
                // a bug on our side says nothing about the service, but must not strand a half-open trial
                this.breaker.onIgnored();
                throw ex;
            }
            outcome.report(this.breaker);
            if (!outcome.retry()) {
                return outcome.result();
            }
            last = outcome.result();
            if (attempt < this.properties.maxAttempts() && !pause(attempt)) {
                return new VerificationResult.Unavailable(this.id, "interrupted");
            }
        }
        return last;
    }

    private Attempt attempt(String requestId, byte[] body) {
        SignedPost.Outcome outcome = this.post.send(body);
        if (outcome.response() == null) {
            return outcome.interrupted()
                    ? new Attempt(unavailable(outcome.failure()), false, Attempt.Report.IGNORED)
                    : Attempt.transientFailure(unavailable(outcome.failure()));
        }
        return answer(requestId, outcome.response());
    }

    private Attempt answer(String requestId, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return Attempt.transientFailure(unavailable("http-5xx"));
        }
        if (status == 429) {
            // over the agreed quota: retrying at once would make it worse, and letting the
            // failures open the circuit gives the service the pause it asks for
            log.warn(
                    "Real-name service {} is rate-limiting this client (HTTP 429): check the quota agreed with it",
                    this.endpoint);
            return Attempt.finalFailure(unavailable("rejected-429"));
        }
        if (status >= 400) {
            // the service is up and refuses us: a wrong key id, secret, clock or base-url, which
            // retrying cannot fix and the circuit breaker should not hide
            log.error(
                    "Real-name service {} rejected a request with HTTP {}: check yiwang.verification.http.key-id, "
                            + "secret and base-url, and this node's clock",
                    this.endpoint,
                    status);
            return new Attempt(unavailable("rejected-" + status), false, Attempt.Report.SUCCESS);
        }
        if (status != 200) {
            log.warn("Real-name service {} answered HTTP {}, not 200", this.endpoint, status);
            return Attempt.finalFailure(unavailable("bad-response"));
        }
        JsonNode node;
        try {
            node = this.json.readTree(response.body());
        } catch (JacksonException ex) {
            log.warn("Real-name service {} answered with a body that is not JSON", this.endpoint);
            return Attempt.finalFailure(unavailable("bad-response"));
        }
        if (node == null || !node.isObject() || !requestId.equals(text(node, "requestId"))) {
            log.warn("Real-name service {} answered without this request's requestId", this.endpoint);
            return Attempt.finalFailure(unavailable("bad-response"));
        }
        String result = text(node, "result");
        String reason = text(node, "reason");
        if ("match".equals(result)) {
            String transactionId = text(node, "transactionId");
            if (transactionId == null || !TRANSACTION_ID.matcher(transactionId).matches()) {
                log.warn("Real-name service {} matched without a usable transactionId", this.endpoint);
                return Attempt.finalFailure(unavailable("bad-response"));
            }
            return Attempt.answered(new VerificationResult.Matched(this.id, transactionId, this.clock.instant()));
        }
        if ("no-match".equals(result)) {
            if (reason == null || !REASON.matcher(reason).matches()) {
                log.warn("Real-name service {} refused without a usable reason", this.endpoint);
                return Attempt.finalFailure(unavailable("bad-response"));
            }
            return Attempt.answered(new VerificationResult.NotMatched(this.id, reason));
        }
        if ("error".equals(result)) {
            // the service says it could not check now; not retried at once (only transport
            // failures are), but it counts towards opening the circuit
            log.warn(
                    "Real-name service {} could not verify: {}",
                    this.endpoint,
                    (reason != null && REASON.matcher(reason).matches()) ? reason : "(no reason)");
            return Attempt.finalFailure(unavailable("service-error"));
        }
        log.warn("Real-name service {} answered an unknown result", this.endpoint);
        return Attempt.finalFailure(unavailable("bad-response"));
    }

    private byte[] body(String requestId, VerificationRequest request) {
        ObjectNode node = this.json
                .createObjectNode()
                .put("requestId", requestId)
                .put("check", request.check().code())
                .put("name", request.realName())
                .put("documentType", request.documentType())
                .put("documentNumber", request.documentNumber());
        if (request.check() == VerificationCheck.FACE_MATCH) {
            node.put("facePhoto", Base64.getEncoder().encodeToString(request.facePhoto()));
        }
        return this.json.writeValueAsBytes(node);
    }

    private boolean pause(int attempt) {
        // exponential, with jitter so that nodes retrying after the same hiccup spread out
        long base = this.properties.retryBackoff().toMillis() << (attempt - 1);
        long millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private VerificationResult.Unavailable unavailable(String reason) {
        return new VerificationResult.Unavailable(this.id, reason);
    }

    private void logResult(VerificationRequest request, VerificationResult result) {
        String name = VerificationRequest.maskName(request.realName());
        String number = Masking.idNumber(request.documentNumber());
        if (result instanceof VerificationResult.Matched matched) {
            log.info(
                    "{} check of {} {} by {}: matched, transaction {}",
                    request.check().code(),
                    name,
                    number,
                    this.id,
                    matched.reference());
        } else if (result instanceof VerificationResult.NotMatched notMatched) {
            log.info(
                    "{} check of {} {} by {}: not matched ({})",
                    request.check().code(),
                    name,
                    number,
                    this.id,
                    notMatched.reason());
        } else if (result instanceof VerificationResult.Unavailable unavailable) {
            log.warn(
                    "{} check of {} {} by {}: unavailable ({})",
                    request.check().code(),
                    name,
                    number,
                    this.id,
                    unavailable.reason());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return (value != null && value.isString()) ? value.stringValue() : null;
    }

    @Override
    public String toString() {
        return "HttpIdentityVerifier[" + this.id + ", " + this.endpoint + "]";
    }

    /** One attempt's result, whether to try again, and what it tells the circuit breaker. */
    private record Attempt(VerificationResult result, boolean retry, Report report) {

        enum Report {
            SUCCESS,
            FAILURE,
            IGNORED
        }

        static Attempt answered(VerificationResult result) {
            return new Attempt(result, false, Report.SUCCESS);
        }

        static Attempt transientFailure(VerificationResult result) {
            return new Attempt(result, true, Report.FAILURE);
        }

        static Attempt finalFailure(VerificationResult result) {
            return new Attempt(result, false, Report.FAILURE);
        }

        void report(CircuitBreaker breaker) {
            switch (this.report) {
                case SUCCESS -> breaker.onSuccess();
                case FAILURE -> breaker.onFailure();
                default -> breaker.onIgnored();
            }
        }
    }
}
