package cn.yiwang.id.server.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The embedded default: with no datasource and no Redis configured (and not under the {@code prod}
 * profile), points the server at an H2 file database and an embedded Redis, generates development
 * keys under the data directory and turns on the demo data. Outside {@code prod} an unset issuer
 * follows {@code server.port}. Under {@code prod}, a missing issuer, PostgreSQL, Redis or key setting
 * stops start-up with the setting's name.
 */
public final class EmbeddedDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "yiwangEmbeddedDefaults";

    static final String ISSUER_PROPERTY_SOURCE = "yiwangDefaultIssuer";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
            requireProductionSettings(environment);
            return;
        }
        if (!environment.containsProperty("yiwang.issuer")) {
            // Outside production the issuer is this server as a developer reaches it: on the port it listens on.
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource(
                            ISSUER_PROPERTY_SOURCE, Map.of("yiwang.issuer", "http://localhost:${server.port:9000}")));
        }
        String mode = environment.getProperty("yiwang.embedded.enabled", "auto");
        boolean noDatabase = !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
        boolean noRedis = !redisConfigured(environment);
        if ("false".equals(mode) || !("true".equals(mode) || (noDatabase && noRedis))) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("yiwang.embedded.data-dir", "./data"))
                .toAbsolutePath()
                .normalize();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("yiwang.embedded.active", "true");
        if (noDatabase) {
            defaults.put(
                    "spring.datasource.url",
                    "jdbc:h2:file:" + dataDir.resolve("yiwang")
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                            // each connection keeps its parsed statements: the default 8 was thrashed by a
                            // sign-in's dozen statements, and parsing was 5 % of its CPU (JFR)
                            + ";QUERY_CACHE_SIZE=64");
            defaults.put("spring.datasource.username", "sa");
            defaults.put("spring.datasource.password", "");
        }
        if (noRedis) {
            defaults.put("spring.data.redis.host", "127.0.0.1");
            defaults.put("spring.data.redis.port", String.valueOf(freePort()));
            defaults.put("yiwang.embedded.redis", "true");
        }
        if (!environment.containsProperty("yiwang.bootstrap.clients-file")) {
            defaults.put("yiwang.bootstrap.clients-file", "classpath:config/demo-clients.yml");
        }
        if (!environment.containsProperty("yiwang.saml.service-providers-file")) {
            defaults.put("yiwang.saml.service-providers-file", "classpath:config/demo-saml-service-providers.yml");
        }
        defaults.put("yiwang.embedded.demo-data", "true");
        // one administrator per role, password and TOTP secret in the README: the embedded default only
        defaults.put("yiwang.admin.demo-administrators", "true");
        if (!environment.containsProperty("yiwang.verification.sandbox.enabled")) {
            // Demo identities only (docs/realname-verifier-contract.md); refused under prod.
            defaults.put("yiwang.verification.sandbox.enabled", "true");
        }
        if (!environment.containsProperty("yiwang.enterprise.registry.sandbox.enabled")) {
            // Synthetic enterprises only (docs/enterprise-verifier-contract.md); refused under prod.
            defaults.put("yiwang.enterprise.registry.sandbox.enabled", "true");
        }
        developmentKeys(dataDir).forEach((name, value) -> {
            if (!environment.containsProperty(name)) {
                defaults.put(name, value);
            }
        });
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
    }

    private static boolean redisConfigured(ConfigurableEnvironment environment) {
        return List.of(
                        "spring.data.redis.host",
                        "spring.data.redis.url",
                        "spring.data.redis.sentinel.master",
                        "spring.data.redis.cluster.nodes")
                .stream()
                .anyMatch((name) -> StringUtils.hasText(environment.getProperty(name)));
    }

    private static void requireProductionSettings(ConfigurableEnvironment environment) {
        List<String> missing = new ArrayList<>();
        if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            missing.add("spring.datasource.url (SPRING_DATASOURCE_URL): the PostgreSQL JDBC URL");
        }
        if (!redisConfigured(environment)) {
            missing.add("spring.data.redis.host, spring.data.redis.url, spring.data.redis.sentinel.master or "
                    + "spring.data.redis.cluster.nodes (SPRING_DATA_REDIS_HOST, ...): where Redis runs");
        }
        if (!StringUtils.hasText(environment.getProperty("yiwang.issuer"))) {
            missing.add("yiwang.issuer (YIWANG_ISSUER): the public https URL relying parties use, the iss of every "
                    + "token");
        }
        for (String key : List.of(
                "yiwang.keys.master-key",
                "yiwang.crypto.blind-index-key",
                "yiwang.crypto.active-key-id",
                "yiwang.sms.sender")) {
            if (!StringUtils.hasText(environment.getProperty(key))) {
                missing.add(key + " (" + key.toUpperCase().replace('.', '_').replace('-', '_') + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingProductionSettingsException(missing);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException("No free port for the embedded Redis", ex);
        }
    }

    /** Keys for the embedded default, generated once and kept beside the H2 database. */
    private static Map<String, String> developmentKeys(Path dataDir) {
        Path file = dataDir.resolve("secrets.properties");
        Properties keys = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    keys.load(in);
                }
            } else {
                keys.setProperty("yiwang.keys.master-key", randomKey());
                keys.setProperty("yiwang.crypto.active-key-id", "dev1");
                keys.setProperty("yiwang.crypto.data-keys.dev1", randomKey());
                keys.setProperty("yiwang.crypto.blind-index-key", randomKey());
                try (OutputStream out = Files.newOutputStream(file)) {
                    keys.store(out, "Yiwang ID embedded default: development keys, never for production");
                }
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ex) {
                    // Not a POSIX file system (Windows): the file stays with default permissions.
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot prepare development keys in " + file, ex);
        }
        Map<String, String> values = new LinkedHashMap<>();
        keys.stringPropertyNames().forEach((name) -> values.put(name, keys.getProperty(name)));
        return values;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
