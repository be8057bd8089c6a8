package cn.yiwang.id.account.verification;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An authoritative real-name service on a loopback port, checking signatures as the contract
 * document says (recomputed here, independently of {@link RequestSigner}) and answering as
 * the test's responder decides.
 */
final class StubRealNameService implements AutoCloseable {

    static final String KEY_ID = "yiwang-test";

    static final String SECRET = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    // handlers sleep to simulate a slow service; a pool keeps one slow answer from holding up the next
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private final AtomicInteger requests = new AtomicInteger();

    private final List<Received> received = new CopyOnWriteArrayList<>();

    private volatile Responder responder = (request, attempt) -> StubResponse.match(request, "tx-" + attempt);

    StubRealNameService() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(this.executor);
        this.server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
    }

    void respond(Responder responder) {
        this.responder = responder;
    }

    int requestCount() {
        return this.requests.get();
    }

    List<Received> received() {
        return List.copyOf(this.received);
    }

    Received lastReceived() {
        return this.received.get(this.received.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        this.server.stop(0);
        this.executor.shutdownNow();
        this.executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int attempt = this.requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Headers headers = exchange.getRequestHeaders();
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (RuntimeException ex) {
            json = null;
        }
        Received request = new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                headers.getFirst("X-Yiwang-Key-Id"),
                headers.getFirst("X-Yiwang-Timestamp"),
                headers.getFirst("X-Yiwang-Nonce"),
                headers.getFirst("X-Yiwang-Signature"),
                headers.getFirst("Content-Type"),
                body,
                json);
        this.received.add(request);
        StubResponse response = request.signatureValid()
                ? this.responder.respond(request, attempt)
                : new StubResponse(401, "{\"error\":\"bad-signature\"}", Duration.ZERO);
        try {
            if (!response.delay().isZero()) {
                Thread.sleep(response.delay().toMillis());
            }
            byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), (out.length > 0) ? out.length : -1);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        } catch (InterruptedException ex) {
            // the stub is closing
            Thread.currentThread().interrupt();
        } catch (IOException ex) {
            // the client gave up (a timeout test): nothing to answer
        } finally {
            exchange.close();
        }
    }

    /** Decides the answer to one request; {@code attempt} counts requests from 1. */
    @FunctionalInterface
    interface Responder {

        StubResponse respond(Received request, int attempt);
    }

    /** What the stub answers. */
    record StubResponse(int status, String body, Duration delay) {

        static StubResponse match(Received request, String transactionId) {
            return ok("{\"requestId\":\"" + request.requestId() + "\",\"result\":\"match\",\"transactionId\":\""
                    + transactionId + "\"}");
        }

        static StubResponse noMatch(Received request, String reason) {
            return ok("{\"requestId\":\"" + request.requestId() + "\",\"result\":\"no-match\",\"reason\":\"" + reason
                    + "\"}");
        }

        static StubResponse ok(String body) {
            return new StubResponse(200, body, Duration.ZERO);
        }

        static StubResponse status(int status) {
            return new StubResponse(status, "{\"error\":\"status-" + status + "\"}", Duration.ZERO);
        }
    }

    /** One request as the stub saw it. */
    record Received(
            String method,
            String path,
            String keyId,
            String timestamp,
            String nonce,
            String signature,
            String contentType,
            byte[] body,
            JsonNode json) {

        String requestId() {
            return field("requestId");
        }

        String field(String name) {
            JsonNode value = (this.json != null) ? this.json.get(name) : null;
            return (value != null && value.isString()) ? value.stringValue() : null;
        }

        /** The contract's algorithm, written out again rather than calling the code under test. */
        boolean signatureValid() {
            if (!KEY_ID.equals(this.keyId) || this.timestamp == null || this.nonce == null || this.signature == null) {
                return false;
            }
            try {
                String bodyHash = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(this.body));
                String canonical =
                        this.method + "\n" + this.path + "\n" + this.timestamp + "\n" + this.nonce + "\n" + bodyHash;
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] expected = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(expected, Base64.getDecoder().decode(this.signature));
            } catch (Exception ex) {
                return false;
            }
        }
    }
}
