package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.identity.UnifiedSocialCreditCodes;
import cn.yiwang.id.account.verification.RequestSigner;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks enterprises up in the registry over the signed JSON contract of
 * {@code docs/enterprise-verifier-contract.md}: one signed {@code POST} per lookup (signature as the
 * real-name contract's, {@link RequestSigner}), bounded by a timeout, through a circuit breaker so a
 * registry that is down costs one refused call, not a timeout per citizen. Lookups are not retried:
 * the citizen sees "try again" and decides.
 */
public final class HttpEnterpriseRegistry implements EnterpriseRegistry {

    private static final Logger log = LoggerFactory.getLogger(HttpEnterpriseRegistry.class);

    private static final Pattern REFERENCE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final HttpEnterpriseRegistryProperties properties;

    private final String id;

    private final URI endpoint;

    private final HttpClient client;

    private final RequestSigner signer;

    private final CircuitBreaker breaker;

    private final MeterRegistry meters;

    private final Clock clock;

    private final JsonMapper json = JsonMapper.builder().build();

    private final SecureRandom random = new SecureRandom();

    /**
     * Creates the registry client.
     * @param properties the service and resilience settings; must be enabled
     * @param meters where to count lookups
     * @param clock the time source for signatures and the circuit breaker
     */
    public HttpEnterpriseRegistry(HttpEnterpriseRegistryProperties properties, MeterRegistry meters, Clock clock) {
        if (!properties.enabled()) {
            throw new IllegalArgumentException("yiwang.enterprise.registry.http.enabled must be true");
        }
        this.properties = properties;
        this.endpoint = properties.endpoint();
        this.id = "http:" + this.endpoint.getHost();
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.signer = new RequestSigner(properties.keyId(), properties.secret());
        this.breaker =
                new CircuitBreaker("enterprise-registry", properties.failureThreshold(), properties.openWait(), clock);
        this.meters = meters;
        this.clock = clock;
        if (!"https".equals(this.endpoint.getScheme())) {
            log.warn("Enterprise registry {} is reached without TLS: only acceptable on a test machine", this.endpoint);
        }
    }

    @Override
    public String id() {
        return this.id;
    }

    @Override
    public RegistryAnswer lookup(String uscc) {
        RegistryAnswer answer = call(uscc);
        this.meters
                .counter("yiwang.enterprise.registry", "registry", this.id, "outcome", answer.outcome())
                .increment();
        if (answer instanceof RegistryAnswer.Unavailable unavailable) {
            log.warn("Enterprise registry lookup of {} unavailable: {}", uscc, unavailable.reason());
        }
        return answer;
    }

    CircuitBreaker.State circuitState() {
        return this.breaker.state();
    }

    private RegistryAnswer call(String uscc) {
        if (!this.breaker.tryAcquire()) {
            return unavailable("circuit-open");
        }
        String requestId = UUID.randomUUID().toString();
        byte[] body = this.json.writeValueAsBytes(
                this.json.createObjectNode().put("requestId", requestId).put("uscc", uscc));
        HttpRequest.Builder builder = HttpRequest.newBuilder(this.endpoint)
                .timeout(this.properties.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        this.signer
                .headers(
                        "POST", this.endpoint.getRawPath(), this.clock.instant().getEpochSecond(), nonce(), body)
                .forEach(builder::header);
        CompletableFuture<HttpResponse<byte[]>> future =
                this.client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = future.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            future.cancel(true);
            this.breaker.onFailure();
            return unavailable("timeout");
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            this.breaker.onIgnored();
            return unavailable("interrupted");
        } catch (ExecutionException ex) {
            this.breaker.onFailure();
            return unavailable(failureReason(ex.getCause()));
        }
        RegistryAnswer answer = answer(uscc, requestId, response);
        if (answer instanceof RegistryAnswer.Unavailable) {
            this.breaker.onFailure();
        } else {
            this.breaker.onSuccess();
        }
        return answer;
    }

    private RegistryAnswer answer(String uscc, String requestId, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return unavailable("http-5xx");
        }
        if (status != 200) {
            log.error(
                    "Enterprise registry {} answered HTTP {}: check yiwang.enterprise.registry.http.key-id, secret "
                            + "and base-url, and this node's clock",
                    this.endpoint,
                    status);
            return unavailable("rejected-" + status);
        }
        JsonNode node;
        try {
            node = this.json.readTree(response.body());
        } catch (JacksonException ex) {
            return unavailable("bad-response");
        }
        if (node == null || !node.isObject() || !requestId.equals(text(node, "requestId"))) {
            return unavailable("bad-response");
        }
        String result = text(node, "result");
        if ("not-found".equals(result)) {
            return new RegistryAnswer.NotFound(this.id);
        }
        if ("error".equals(result)) {
            return unavailable("service-error");
        }
        JsonNode enterprise = node.get("enterprise");
        if (!"found".equals(result) || enterprise == null || !enterprise.isObject()) {
            return unavailable("bad-response");
        }
        JsonNode representative = enterprise.get("legalRepresentative");
        String name = text(enterprise, "name");
        String code = UnifiedSocialCreditCodes.normalise(text(enterprise, "uscc"));
        String reference = text(node, "transactionId");
        if (!uscc.equals(code)
                || name == null
                || name.isBlank()
                || name.length() > 200
                || representative == null
                || text(representative, "name") == null
                || text(representative, "documentNumber") == null
                || (reference != null && !REFERENCE.matcher(reference).matches())) {
            return unavailable("bad-response");
        }
        return new RegistryAnswer.Found(
                this.id,
                new RegisteredEnterprise(
                        code,
                        name.strip(),
                        EnterpriseStatus.of(text(enterprise, "status")),
                        text(representative, "name").strip(),
                        text(representative, "documentNumber").strip()),
                reference);
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private RegistryAnswer.Unavailable unavailable(String reason) {
        return new RegistryAnswer.Unavailable(this.id, reason);
    }

    private static String failureReason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof ConnectException) {
                return "connect-failed";
            }
        }
        return "connection-error";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = (node != null) ? node.get(field) : null;
        return (value != null && value.isString()) ? value.stringValue() : null;
    }

    @Override
    public String toString() {
        return "HttpEnterpriseRegistry[" + this.id + ", " + this.endpoint + "]";
    }
}
