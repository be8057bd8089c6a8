package cn.yiwang.id.server.test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real three-master Redis Cluster on loopback ports, started for a test with the machine's
 * {@code redis-server} and {@code redis-cli} and stopped after it; nothing is persisted.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private final Path directory;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();

    public LocalRedisCluster(int masters) throws IOException, InterruptedException {
        requireOnPath("redis-server");
        requireOnPath("redis-cli");
        this.directory = Files.createTempDirectory("yiwang-redis-cluster");
        for (int i = 0; i < masters; i++) {
            int port = IntegrationTestSupport.freePort();
            this.ports.add(port);
            this.servers.add(new ProcessBuilder(
                            "redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            "nodes-" + port + ".conf",
                            "--cluster-node-timeout",
                            "2000",
                            "--dir",
                            this.directory.toString(),
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--protected-mode",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(
                            this.directory.resolve("redis-" + port + ".log").toFile())
                    .start());
        }
        for (int port : this.ports) {
            awaitPing(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        this.ports.forEach((port) -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creation = new ProcessBuilder(create).redirectErrorStream(true).start();
        String output = new String(creation.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!creation.waitFor(60, TimeUnit.SECONDS) || creation.exitValue() != 0) {
            close();
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
        awaitClusterOk(this.ports.get(0));
    }

    /** {@code host:port,host:port,...} for {@code spring.data.redis.cluster.nodes}. */
    public String nodes() {
        return String.join(
                ",", this.ports.stream().map((port) -> "127.0.0.1:" + port).toList());
    }

    @Override
    public void close() {
        for (Process server : this.servers) {
            server.destroy();
        }
        for (Process server : this.servers) {
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void requireOnPath(String command) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
        if (which.waitFor() != 0) {
            throw new IllegalStateException(command + " is not installed: the Redis Cluster test needs the Redis "
                    + "server binaries (Debian/Ubuntu: apt-get install redis-server redis-tools)");
        }
    }

    private static void awaitPing(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (command(port, "PING").startsWith("+PONG")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not start");
    }

    private static void awaitClusterOk(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (command(port, "CLUSTER INFO").contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok");
    }

    private static String command(int port, String command) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            StringBuilder resp = new StringBuilder();
            String[] parts = command.split(" ");
            resp.append('*').append(parts.length).append("\r\n");
            for (String part : parts) {
                resp.append('$')
                        .append(part.length())
                        .append("\r\n")
                        .append(part)
                        .append("\r\n");
            }
            socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            return (read > 0) ? new String(buffer, 0, read, StandardCharsets.US_ASCII) : "";
        } catch (IOException ex) {
            return "";
        }
    }
}
