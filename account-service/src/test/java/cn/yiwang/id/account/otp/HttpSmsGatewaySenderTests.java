package cn.yiwang.id.account.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpSmsGatewaySender} against a JDK {@link HttpServer} playing the gateway. */
class HttpSmsGatewaySenderTests {

    private static final String PHONE = "13812345678";

    private static final OneTimeCodeSms SMS =
            new OneTimeCodeSms(OneTimeCodePurpose.LOGIN, "246810", Duration.ofMinutes(5));

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    private final ObjectMapper json = new ObjectMapper();

    private ExecutorService executor;

    private HttpServer server;

    private volatile Answer answer = (exchange) -> respond(exchange, 200, "{\"status\":\"ok\",\"messageId\":\"m-1\"}");

    /** What the stub received. */
    record Recorded(String method, String path, String authorization, String contentType, String body) {}

    /** How the stub answers. */
    @FunctionalInterface
    interface Answer {

        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    @BeforeEach
    void startGateway() throws IOException {
        this.executor = Executors.newCachedThreadPool();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.setExecutor(this.executor);
        this.server.createContext("/", (exchange) -> {
            try (exchange) {
                this.requests.add(new Recorded(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                this.answer.handle(exchange);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        this.server.start();
    }

    @AfterEach
    void stopGateway() {
        this.server.stop(0);
        this.executor.shutdownNow();
    }

    @Test
    void sendWhenGatewayAnswersOkThenOnePostFollowingTheContract() throws IOException {
        assertThatNoException()
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS));
        assertThat(this.requests).singleElement().satisfies((request) -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/sms");
            assertThat(request.authorization()).isEqualTo("Bearer test-api-key");
            assertThat(request.contentType()).startsWith("application/json");
        });
        JsonNode body = this.json.readTree(this.requests.get(0).body());
        assertThat(body.properties())
                .extracting((field) -> field.getKey())
                .containsExactlyInAnyOrder("phone", "templateId", "params", "signName");
        assertThat(body.get("phone").asText()).isEqualTo(PHONE);
        assertThat(body.get("templateId").asText()).isEqualTo("SMS_OTP_001");
        assertThat(body.get("params").properties())
                .singleElement()
                .satisfies((param) -> assertThat(param.getKey()).isEqualTo("code"));
        assertThat(body.get("params").get("code").asText()).isEqualTo("246810");
        assertThat(body.get("signName").asText()).isEqualTo("一网通办");
    }

    @Test
    void sendWhenBaseUrlHasPathThenPostsBelowIt() {
        HttpSmsGatewaySender sender = sender(baseUrl("/gateway/"), Duration.ofSeconds(5));
        assertThat(sender.endpoint().getPath()).isEqualTo("/gateway/v1/sms");
        sender.send(PHONE, SMS);
        assertThat(this.requests).singleElement().extracting(Recorded::path).isEqualTo("/gateway/v1/sms");
    }

    @Test
    void sendWhenGatewayAnswers500ThenFailsWithReasonOnceAndWithoutPhoneOrCode() {
        this.answer = (exchange) -> respond(
                exchange, 500, "{\"status\":\"error\",\"code\":\"INTERNAL\",\"message\":\"号码 13812345678 发送失败\"}");
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessage("the gateway answered HTTP 500 (code INTERNAL, message 号码 138****5678 发送失败)")
                .satisfies((ex) ->
                        assertThat(ex.getMessage()).doesNotContain(PHONE).doesNotContain("246810"));
        // no retry: a second SMS is worse than asking the citizen to resend
        assertThat(this.requests).hasSize(1);
    }

    @Test
    void sendWhenGatewayAnswers500WithoutJsonThenFailsWithStatus() {
        this.answer = (exchange) -> respond(exchange, 503, "<html>busy</html>");
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessage("the gateway answered HTTP 503");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json {", "[\"ok\"]", "\"ok\"", ""})
    void sendWhenGatewayAnswers200WithBadJsonThenFails(String body) {
        this.answer = (exchange) -> respond(exchange, 200, body);
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessage("the gateway answered HTTP 200 with a body that is not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"status\":\"rejected\",\"code\":\"TEMPLATE_UNKNOWN\"}",
                "{\"status\":\"OK\"}",
                "{\"status\":true}",
                "{}"
            })
    void sendWhenGatewayAnswers200WithoutStatusOkThenFails(String body) {
        this.answer = (exchange) -> respond(exchange, 200, body);
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessageStartingWith("the gateway answered HTTP 200 with status ");
    }

    @Test
    void sendWhenGatewayRedirectsThenFailsWithoutFollowing() {
        this.answer = (exchange) -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/steal");
            respond(exchange, 307, "");
        };
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessage("the gateway answered HTTP 307");
        assertThat(this.requests).hasSize(1);
    }

    @Test
    void sendWhenGatewayTooSlowThenTimesOut() {
        this.answer = (exchange) -> {
            Thread.sleep(5_000);
            respond(exchange, 200, "{\"status\":\"ok\"}");
        };
        long start = System.nanoTime();
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(baseUrl(""), Duration.ofMillis(300)).send(PHONE, SMS))
                .withMessage("the gateway did not answer within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(this.requests).hasSize(1);
    }

    @Test
    void sendWhenGatewayUnreachableThenFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        assertThatExceptionOfType(SmsSendException.class)
                .isThrownBy(() -> sender(nowhere, Duration.ofSeconds(5)).send(PHONE, SMS))
                .withMessageStartingWith("the gateway could not be reached");
    }

    private URI baseUrl(String path) {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
    }

    private static HttpSmsGatewaySender sender(URI baseUrl, Duration timeout) {
        return new HttpSmsGatewaySender(
                new SmsProperties.Http(baseUrl, "test-api-key", "SMS_OTP_001", "一网通办", Duration.ofSeconds(2), timeout));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
