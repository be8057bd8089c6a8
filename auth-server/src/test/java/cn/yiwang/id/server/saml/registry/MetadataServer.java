package cn.yiwang.id.server.saml.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An SP's web server on loopback, publishing the metadata fixture at {@code /metadata}, and the ways
 * such a server fails: {@code /missing} (404), {@code /moved} (302 elsewhere), {@code /large} (more than
 * {@link MetadataFetcher#MAX_BYTES}), {@code /stalled} (half a body, then nothing until closed).
 */
final class MetadataServer implements AutoCloseable {

    private final HttpServer server;

    private final CountDownLatch closing = new CountDownLatch(1);

    MetadataServer() {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.server.setExecutor(Executors.newCachedThreadPool());
        this.server.createContext("/metadata", (exchange) -> send(exchange, 200, TestServiceProviders.metadataXml()));
        this.server.createContext("/missing", (exchange) -> send(exchange, 404, "not here".getBytes()));
        this.server.createContext("/moved", (exchange) -> {
            exchange.getResponseHeaders().add("Location", "http://portal.example.gov.cn/metadata");
            send(exchange, 302, new byte[0]);
        });
        this.server.createContext("/large", (exchange) -> {
            byte[] body = new byte[MetadataFetcher.MAX_BYTES + 1];
            Arrays.fill(body, (byte) ' ');
            // chunked, so only reading tells the size
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        this.server.createContext("/stalled", (exchange) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(Arrays.copyOf(TestServiceProviders.metadataXml(), 100));
            out.flush();
            try {
                this.closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        this.server.start();
    }

    /** @return e.g. {@code http://127.0.0.1:34567/metadata} */
    String url(String path) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        this.closing.countDown();
        this.server.stop(0);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
        exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
