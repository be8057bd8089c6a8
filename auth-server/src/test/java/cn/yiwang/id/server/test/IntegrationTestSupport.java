package cn.yiwang.id.server.test;

import cn.yiwang.id.server.YiwangIdApplication;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context every integration test shares (so the context cache starts it once):
 * the whole server on a fixed free port, on the machine's real PostgreSQL and Redis, with the
 * test clients of {@code config/test-clients.yml}.
 */
// Set here rather than below: dynamic properties arrive after the embedded-default decision is made.
@SpringBootTest(
        classes = {YiwangIdApplication.class, IntegrationTestSupport.TestPhones.class},
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "yiwang.embedded.enabled=false")
public abstract class IntegrationTestSupport {

    /** Fixed for the whole JVM, so the issuer is known before the server starts. */
    protected static final int PORT = freePort();

    protected static final String ISSUER = "http://127.0.0.1:" + PORT;

    /** The authoritative real-name service of the test JVM, started once like the shared context. */
    public static final StubRealNameService REAL_NAME_SERVICE = startRealNameService();

    /** Base64 of 32 bytes: the signing-key master key used by the tests only. */
    public static final String TEST_MASTER_KEY = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        properties(registry, PORT);
    }

    /**
     * The same properties as a plain map, for a second node started in the test with
     * {@code SpringApplicationBuilder}: same PostgreSQL, Redis, issuer, keys and clients, another port.
     * The embedded default is switched off here too, since that node has no {@code @SpringBootTest}.
     */
    public static Map<String, Object> nodeProperties(int port) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("yiwang.embedded.enabled", "false");
        properties((name, value) -> properties.put(name, value.get()), port);
        return properties;
    }

    /** The properties of a test node; a second node gets another port. */
    public static void properties(DynamicPropertyRegistry registry, int port) {
        LocalInfrastructure.register(registry);
        registry.add("server.port", () -> port);
        registry.add("yiwang.issuer", () -> ISSUER);
        registry.add("yiwang.keys.master-key", () -> TEST_MASTER_KEY);
        // nodes learn of key changes within half a second; a next key may sign a second after it is published
        registry.add("yiwang.keys.refresh-interval", () -> "500ms");
        registry.add("yiwang.keys.publication-period", () -> "1s");
        registry.add("yiwang.bootstrap.clients-file", () -> "classpath:config/test-clients.yml");
        registry.add("yiwang.logout.backchannel.initial-backoff", () -> "200ms");
        // devices poll every second in tests, so the timing rules are tested without long waits
        registry.add("yiwang.device.interval", () -> "1s");
        // several test nodes (and several builds) share one PostgreSQL: keep each node's pool small
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("yiwang.verification.http.enabled", () -> "true");
        registry.add("yiwang.verification.http.base-url", REAL_NAME_SERVICE::baseUrl);
        registry.add("yiwang.verification.http.key-id", () -> StubRealNameService.KEY_ID);
        registry.add("yiwang.verification.http.secret", () -> StubRealNameService.SECRET);
        // WebAuthn refuses IP addresses as relying party ids: the passkey tests use http://localhost
        registry.add("yiwang.passkeys.rp-id", () -> "localhost");
        registry.add("yiwang.passkeys.allowed-origins", () -> "http://localhost:" + port);
        // sysadmin, secadmin, auditadmin (TestAdministrators)
        registry.add("yiwang.admin.demo-administrators", () -> "true");
    }

    private static StubRealNameService startRealNameService() {
        try {
            return new StubRealNameService();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
    /** Codes sent by SMS land in a {@link RecordingSmsSender} the tests read. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class TestPhones {

        @Bean
        @Primary
        public RecordingSmsSender recordingSmsSender() {
            return new RecordingSmsSender();
        }
    }
}
