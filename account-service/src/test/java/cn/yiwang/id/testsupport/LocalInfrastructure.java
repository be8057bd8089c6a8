package cn.yiwang.id.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL and Redis that integration tests use, located through environment
 * variables ({@code YIWANG_TEST_PG_HOST}, {@code YIWANG_TEST_PG_PORT}, {@code YIWANG_TEST_PG_USER},
 * {@code YIWANG_TEST_PG_PASSWORD}, {@code YIWANG_TEST_DB}, {@code YIWANG_TEST_REDIS_HOST},
 * {@code YIWANG_TEST_REDIS_PORT}).
 */
public final class LocalInfrastructure {

    /** Data key id that test ciphertexts are written with. */
    public static final String TEST_ACTIVE_KEY_ID = "test-2";

    private static final int TIMEOUT_MILLIS = 3000;

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private LocalInfrastructure() {}

    /** @return the PostgreSQL host */
    public static String pgHost() {
        return env("YIWANG_TEST_PG_HOST", "127.0.0.1");
    }

    /** @return the PostgreSQL port */
    public static int pgPort() {
        return Integer.parseInt(env("YIWANG_TEST_PG_PORT", "5432"));
    }

    /** @return the PostgreSQL user */
    public static String pgUser() {
        return env("YIWANG_TEST_PG_USER", "postgres");
    }

    /** @return the PostgreSQL password (empty for trust authentication) */
    public static String pgPassword() {
        return env("YIWANG_TEST_PG_PASSWORD", "");
    }

    /** @return the name of the test database */
    public static String database() {
        return env("YIWANG_TEST_DB", "yiwang_test");
    }

    /** @return the JDBC URL of the test database */
    public static String jdbcUrl() {
        return jdbcUrl(database());
    }

    /** @return the Redis host */
    public static String redisHost() {
        return env("YIWANG_TEST_REDIS_HOST", "127.0.0.1");
    }

    /** @return the Redis port */
    public static int redisPort() {
        return Integer.parseInt(env("YIWANG_TEST_REDIS_PORT", "6379"));
    }

    /**
     * Makes sure PostgreSQL (with the test database) and Redis are there; checked once per JVM.
     * @throws IllegalStateException naming what is missing and how to provide it
     */
    public static void ensureAvailable() {
        Availability.PROBLEM.ifPresent((problem) -> {
            throw new IllegalStateException(problem);
        });
    }

    /**
     * Points a Spring test context at the local infrastructure, with fixed test-only crypto keys.
     * Usable as a {@code @DynamicPropertySource} body or a
     * {@code DynamicPropertyRegistrar} bean ({@code LocalInfrastructure::register}).
     * @param registry the registry to add properties to
     */
    public static void register(DynamicPropertyRegistry registry) {
        ensureAvailable();
        registry.add("spring.datasource.url", LocalInfrastructure::jdbcUrl);
        registry.add("spring.datasource.username", LocalInfrastructure::pgUser);
        registry.add("spring.datasource.password", LocalInfrastructure::pgPassword);
        registry.add("spring.data.redis.host", LocalInfrastructure::redisHost);
        registry.add("spring.data.redis.port", LocalInfrastructure::redisPort);
        testCryptoProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Fixed test-only {@code yiwang.crypto.*} properties: two data keys (so rotation is exercised)
     * and a blind index key. Derived from labels, so rows written by earlier runs stay readable.
     * @return property name to value
     */
    public static Map<String, String> testCryptoProperties() {
        return Map.of(
                "yiwang.crypto.active-key-id",
                TEST_ACTIVE_KEY_ID,
                "yiwang.crypto.data-keys.test-1",
                testKey("yiwang-id test data key 1"),
                "yiwang.crypto.data-keys.test-2",
                testKey("yiwang-id test data key 2"),
                "yiwang.crypto.blind-index-key",
                testKey("yiwang-id test blind index key"));
    }

    private static String testKey(String label) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(key);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Optional<String> check() {
        Optional<String> postgres = checkPostgres();
        return postgres.isPresent() ? postgres : checkRedis();
    }

    private static Optional<String> checkPostgres() {
        String where = pgHost() + ":" + pgPort();
        String database = database();
        if (!DATABASE_NAME.matcher(database).matches()) {
            return Optional.of("YIWANG_TEST_DB '" + database + "' is not a plain lower-case database name");
        }
        DriverManager.setLoginTimeout(TIMEOUT_MILLIS / 1000);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), pgUser(), pgPassword())) {
            if (!databaseExists(connection, database)) {
                createDatabase(connection, database);
            }
            return Optional.empty();
        } catch (SQLException ex) {
            if ("28P01".equals(ex.getSQLState()) || "28000".equals(ex.getSQLState())) {
                return Optional.of("PostgreSQL at " + where + " refused user '" + pgUser() + "' (" + ex.getMessage()
                        + "; set YIWANG_TEST_PG_USER/PASSWORD)");
            }
            return Optional.of("PostgreSQL is not reachable at " + where + " (" + ex.getMessage()
                    + "; set YIWANG_TEST_PG_HOST/PORT or start PostgreSQL)");
        }
    }

    private static boolean databaseExists(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void createDatabase(Connection connection, String database) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // the name was checked against DATABASE_NAME: CREATE DATABASE takes no bind parameters
            statement.execute("create database " + database);
        } catch (SQLException ex) {
            // 42P04 duplicate_database: a concurrent build (another module) created it first
            if (!"42P04".equals(ex.getSQLState())) {
                throw ex;
            }
        }
    }

    private static Optional<String> checkRedis() {
        String where = redisHost() + ":" + redisPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redisHost(), redisPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String reply = in.readLine();
            if (!"+PONG".equals(reply)) {
                return Optional.of("Redis at " + where + " answered PING with '" + reply
                        + "' (it needs no password for tests; set YIWANG_TEST_REDIS_HOST/PORT)");
            }
            return Optional.empty();
        } catch (IOException ex) {
            return Optional.of("Redis is not reachable at " + where + " (" + ex.getMessage()
                    + "; set YIWANG_TEST_REDIS_HOST/PORT or start Redis)");
        }
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + database;
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return (value != null && !value.isBlank()) ? value : defaultValue;
    }

    // holder idiom: the check runs once, on first use, and its result never changes
    private static final class Availability {

        static final Optional<String> PROBLEM = check();
    }
}
