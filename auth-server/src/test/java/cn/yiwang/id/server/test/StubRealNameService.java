package cn.yiwang.id.server.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the authoritative real-name service, speaking the documented contract
 * (docs/realname-verifier-contract.md): checks each request's signature, matches the identities
 * the test registered, and compares faces by a marker in the photo bytes.
 */
public final class StubRealNameService {

    public static final String KEY_ID = "test-key";

    public static final String SECRET = "stub-real-name-service-secret-0123456789";

    /** Photo bytes containing this marker do not match the person. */
    public static final String FACE_MISMATCH = "NOT-THE-SAME-PERSON";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Set<String> people = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();

    public StubRealNameService() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/v1/verifications", this::handle);
        this.server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    /** Makes the service know this person. */
    public void register(String name, String documentNumber) {
        this.people.add(name + "|" + documentNumber);
    }

    public int requests() {
        return this.requests.get();
    }

    public int badSignatures() {
        return this.badSignatures.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        this.requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (!signatureValid(exchange, body)) {
            this.badSignatures.incrementAndGet();
            respond(exchange, 401, "{\"error\":\"bad-signature\"}");
            return;
        }
        JsonNode request = JSON.readTree(body);
        String person = request.get("name").asString() + "|"
                + request.get("documentNumber").asString();
        boolean known = this.people.contains(person);
        String result;
        String reason = null;
        if (!known) {
            result = "no-match";
            reason = "name-number-mismatch";
        } else if ("face".equals(request.get("check").asString())) {
            String photo = new String(
                    Base64.getDecoder().decode(request.get("facePhoto").asString()), StandardCharsets.ISO_8859_1);
            result = photo.contains(FACE_MISMATCH) ? "no-match" : "match";
            reason = photo.contains(FACE_MISMATCH) ? "face-mismatch" : null;
        } else {
            result = "match";
        }
        Map<String, Object> response = new java.util.LinkedHashMap<>();
        response.put("requestId", request.get("requestId").asString());
        response.put("result", result);
        if (reason != null) {
            response.put("reason", reason);
        }
        response.put("transactionId", "stub-" + UUID.randomUUID());
        respond(exchange, 200, JSON.writeValueAsString(response));
    }

    private static boolean signatureValid(HttpExchange exchange, byte[] body) {
        try {
            String timestamp = exchange.getRequestHeaders().getFirst("X-Yiwang-Timestamp");
            String nonce = exchange.getRequestHeaders().getFirst("X-Yiwang-Nonce");
            String signature = exchange.getRequestHeaders().getFirst("X-Yiwang-Signature");
            if (!KEY_ID.equals(exchange.getRequestHeaders().getFirst("X-Yiwang-Key-Id")) || signature == null) {
                return false;
            }
            String canonical = "POST\n" + exchange.getRequestURI().getRawPath() + "\n" + timestamp + "\n" + nonce + "\n"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature));
        } catch (Exception ex) {
            return false;
        }
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
