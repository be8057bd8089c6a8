package cn.yiwang.id.account.enterprise;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.account.verification.RequestSigner;
import cn.yiwang.id.kit.resilience.CircuitBreaker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link HttpEnterpriseRegistry} against a local stand-in speaking the contract. */
class HttpEnterpriseRegistryTests {

    private static final String SECRET = "enterprise-registry-test-secret-0123456789";

    private static final String USCC = "91310115MA1FL00154";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicReference<String> answer = new AtomicReference<>("found");

    private final AtomicInteger status = new AtomicInteger(200);

    private final AtomicInteger calls = new AtomicInteger();

    private final AtomicInteger badSignatures = new AtomicInteger();

    private HttpServer server;

    private HttpEnterpriseRegistry registry;

    @BeforeEach
    void start() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/v1/enterprises/lookup", this::handle);
        this.server.start();
        this.registry = new HttpEnterpriseRegistry(
                new HttpEnterpriseRegistryProperties(
                        true,
                        URI.create(
                                "http://127.0.0.1:" + this.server.getAddress().getPort()),
                        "test-key",
                        SECRET,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        2,
                        Duration.ofMinutes(5)),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        this.server.stop(0);
    }

    @Test
    void lookupWhenFoundThenEnterpriseFromASignedRequest() {
        RegistryAnswer result = this.registry.lookup(USCC);
        assertThat(result).isInstanceOfSatisfying(RegistryAnswer.Found.class, (found) -> {
            assertThat(found.enterprise().name()).isEqualTo("一网示例科技有限公司");
            assertThat(found.enterprise().status()).isEqualTo(EnterpriseStatus.ACTIVE);
            assertThat(found.enterprise().representativeNumber()).isEqualTo("310104199003071512");
            assertThat(found.reference()).isEqualTo("reg-1");
        });
        assertThat(this.badSignatures.get()).isZero();
    }

    @Test
    void lookupWhenNotFoundThenNotFound() {
        this.answer.set("not-found");
        assertThat(this.registry.lookup(USCC)).isInstanceOf(RegistryAnswer.NotFound.class);
    }

    @Test
    void lookupWhenAnswerNamesAnotherCodeThenBadResponse() {
        this.answer.set("other-code");
        assertThat(this.registry.lookup(USCC))
                .isEqualTo(new RegistryAnswer.Unavailable(this.registry.id(), "bad-response"));
    }

    @Test
    void lookupWhenRegistryFailsThenUnavailableAndTheCircuitOpens() {
        this.status.set(503);
        assertThat(this.registry.lookup(USCC))
                .isEqualTo(new RegistryAnswer.Unavailable(this.registry.id(), "http-5xx"));
        assertThat(this.registry.lookup(USCC))
                .isEqualTo(new RegistryAnswer.Unavailable(this.registry.id(), "http-5xx"));
        assertThat(this.registry.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = this.calls.get();
        assertThat(this.registry.lookup(USCC))
                .isEqualTo(new RegistryAnswer.Unavailable(this.registry.id(), "circuit-open"));
        assertThat(this.calls.get()).isEqualTo(before);
    }

    @Test
    void lookupWhenRegistryUnreachableThenConnectFailed() {
        this.server.stop(0);
        assertThat(this.registry.lookup(USCC))
                .isInstanceOfSatisfying(
                        RegistryAnswer.Unavailable.class,
                        (unavailable) -> assertThat(unavailable.reason()).isIn("connect-failed", "connection-error"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        this.calls.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String expected = new RequestSigner("test-key", SECRET)
                .signature(
                        "POST",
                        exchange.getRequestURI().getRawPath(),
                        Long.parseLong(exchange.getRequestHeaders().getFirst(RequestSigner.TIMESTAMP_HEADER)),
                        exchange.getRequestHeaders().getFirst(RequestSigner.NONCE_HEADER),
                        body);
        if (!expected.equals(exchange.getRequestHeaders().getFirst(RequestSigner.SIGNATURE_HEADER))) {
            this.badSignatures.incrementAndGet();
        }
        if (this.status.get() != 200) {
            respond(exchange, this.status.get(), "{}");
            return;
        }
        JsonNode request = JSON.readTree(body);
        String requestId = request.get("requestId").asString();
        String uscc = request.get("uscc").asString();
        String json = switch (this.answer.get()) {
            case "not-found" -> "{\"requestId\":\"" + requestId + "\",\"result\":\"not-found\"}";
            case "other-code" -> found(requestId, "91310104MA1FL00231");
            default -> found(requestId, uscc);
        };
        respond(exchange, 200, json);
    }

    private static String found(String requestId, String uscc) {
        return "{\"requestId\":\"" + requestId + "\",\"result\":\"found\",\"transactionId\":\"reg-1\","
                + "\"enterprise\":{\"uscc\":\"" + uscc + "\",\"name\":\"一网示例科技有限公司\",\"status\":\"active\","
                + "\"legalRepresentative\":{\"name\":\"测试用户二\",\"documentType\":\"resident-id\","
                + "\"documentNumber\":\"310104199003071512\"}}}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
