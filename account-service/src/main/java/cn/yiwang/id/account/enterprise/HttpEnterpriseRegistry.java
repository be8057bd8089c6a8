package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.identity.UnifiedSocialCreditCodes;
import cn.yiwang.id.account.verification.SignedPost;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks enterprises up in the registry over the signed JSON contract of
 * {@code docs/enterprise-verifier-contract.md}: one signed {@code POST} per lookup (signature as the
 * real-name contract's, {@link cn.yiwang.id.account.verification.RequestSigner}), bounded by a timeout, through a circuit breaker so a
 * registry that is down costs one refused call, not a timeout per citizen. Lookups are not retried:
 * the citizen sees "try again" and decides.
 */
public final class HttpEnterpriseRegistry implements EnterpriseRegistry {

    private static final Logger log = LoggerFactory.getLogger(HttpEnterpriseRegistry.class);

    private static final Pattern REFERENCE = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final HttpEnterpriseRegistryProperties properties;

    private final String id;

    private final URI endpoint;

    private final SignedPost post;

    private final CircuitBreaker breaker;

    private final MeterRegistry meters;

    private final JsonMapper json = JsonMapper.builder().build();

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
        this.post = new SignedPost(
                this.endpoint,
                properties.keyId(),
                properties.secret(),
                properties.connectTimeout(),
                properties.timeout(),
                clock);
        this.breaker =
                new CircuitBreaker("enterprise-registry", properties.failureThreshold(), properties.openWait(), clock);
        this.meters = meters;
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
        SignedPost.Outcome outcome = this.post.send(body);
        if (outcome.response() == null) {
            if (outcome.interrupted()) {
                this.breaker.onIgnored();
            } else {
                this.breaker.onFailure();
            }
            return unavailable(outcome.failure());
        }
        RegistryAnswer answer = answer(uscc, requestId, outcome.response());
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

    private RegistryAnswer.Unavailable unavailable(String reason) {
        return new RegistryAnswer.Unavailable(this.id, reason);
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
