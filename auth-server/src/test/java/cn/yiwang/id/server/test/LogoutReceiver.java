package cn.yiwang.id.server.test;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A relying party's back-channel logout endpoint, run by the test: records every logout token
 * POSTed to it, and can be told to fail the first attempts with 503.
 */
public final class LogoutReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    public LogoutReceiver(int port) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        this.server.createContext("/backchannel", (exchange) -> {
            this.attempts.incrementAndGet();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            if (this.failuresLeft.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            boolean form = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                    .startsWith("application/x-www-form-urlencoded");
            if (form && "POST".equals(exchange.getRequestMethod()) && body.startsWith("logout_token=")) {
                this.tokens.add(URLDecoder.decode(body.substring("logout_token=".length()), StandardCharsets.US_ASCII));
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        this.server.start();
    }

    /** The next {@code count} deliveries get 503 Service Unavailable. */
    public void failNext(int count) {
        this.failuresLeft.set(count);
    }

    public int attempts() {
        return this.attempts.get();
    }

    /** Waits (bounded) for a token that matches, and returns it; null when none came in time. */
    public String await(Predicate<String> matching, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String token : this.tokens) {
                if (matching.test(token)) {
                    return token;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    @Override
    public void close() {
        this.server.stop(0);
    }
}
