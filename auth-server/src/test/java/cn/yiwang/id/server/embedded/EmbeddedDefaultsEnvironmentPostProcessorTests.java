package cn.yiwang.id.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

/** The embedded default when nothing is configured, and the refusal to fall back under {@code prod}. */
class EmbeddedDefaultsEnvironmentPostProcessorTests {

    private static final List<String> KEY_PROPERTIES = List.of(
            "yiwang.keys.master-key",
            "yiwang.crypto.active-key-id",
            "yiwang.crypto.data-keys.dev1",
            "yiwang.crypto.blind-index-key");

    private final EmbeddedDefaultsEnvironmentPostProcessor processor = new EmbeddedDefaultsEnvironmentPostProcessor();

    @TempDir
    Path dataDir;

    @Test
    void postProcessWhenNothingConfiguredThenH2EmbeddedRedisDemoClientsAndKeys() throws Exception {
        MockEnvironment environment = environment();

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("yiwang.embedded.active")).isEqualTo("true");
        assertThat(environment.getProperty("spring.datasource.url"))
                .startsWith("jdbc:h2:file:" + this.dataDir.toAbsolutePath().resolve("yiwang"))
                .contains(";MODE=PostgreSQL");
        assertThat(environment.getProperty("spring.data.redis.host")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("spring.data.redis.port", Integer.class))
                .isBetween(1, 65535);
        assertThat(environment.getProperty("yiwang.embedded.redis")).isEqualTo("true");
        assertThat(environment.getProperty("yiwang.bootstrap.clients-file"))
                .isEqualTo("classpath:config/demo-clients.yml");
        assertThat(environment.getProperty("yiwang.saml.service-providers-file"))
                .isEqualTo("classpath:config/demo-saml-service-providers.yml");
        assertThat(Base64.getDecoder().decode(environment.getProperty("yiwang.keys.master-key")))
                .hasSize(32);
        assertThat(Base64.getDecoder().decode(environment.getProperty("yiwang.crypto.blind-index-key")))
                .hasSize(32);
        assertThat(environment.getProperty("yiwang.crypto.active-key-id")).isEqualTo("dev1");
        assertThat(Base64.getDecoder().decode(environment.getProperty("yiwang.crypto.data-keys.dev1")))
                .hasSize(32);
        Path secrets = this.dataDir.resolve("secrets.properties");
        assertThat(secrets).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rw-------");
    }

    @Test
    void postProcessWhenRunAgainThenSameDevelopmentKeys() {
        MockEnvironment first = environment();
        this.processor.postProcessEnvironment(first, new SpringApplication());
        MockEnvironment second = environment();

        this.processor.postProcessEnvironment(second, new SpringApplication());

        for (String key : KEY_PROPERTIES) {
            assertThat(second.getProperty(key)).as(key).isNotBlank().isEqualTo(first.getProperty(key));
        }
        assertThat(first.getProperty("yiwang.keys.master-key"))
                .isNotEqualTo(first.getProperty("yiwang.crypto.blind-index-key"));
    }

    @Test
    void postProcessWhenKeysConfiguredThenConfiguredValuesWin() {
        MockEnvironment environment = environment().withProperty("yiwang.keys.master-key", "configured");

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("yiwang.keys.master-key")).isEqualTo("configured");
        assertThat(environment.getProperty("yiwang.crypto.blind-index-key")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "spring.datasource.url=jdbc:postgresql://db.internal:5432/yiwang",
                "spring.data.redis.host=redis.internal",
                "spring.data.redis.url=redis://redis.internal:6379",
                "yiwang.embedded.enabled=false"
            })
    void postProcessWhenDatabaseOrRedisConfiguredThenNothingChanged(String setting) {
        String[] nameValue = setting.split("=", 2);
        MockEnvironment environment = environment()
                .withProperty(nameValue[0], nameValue[1])
                .withProperty("yiwang.issuer", "https://id.example.gov.cn");
        int sources = environment.getPropertySources().size();

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().size()).isEqualTo(sources);
        assertThat(environment.getPropertySources().contains(EmbeddedDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE))
                .isFalse();
        assertThat(environment.getProperty("yiwang.embedded.active")).isNull();
        assertThat(environment.getProperty("yiwang.keys.master-key")).isNull();
        assertThat(this.dataDir.resolve("secrets.properties")).doesNotExist();
    }

    @Test
    void postProcessWhenProdAndNothingConfiguredThenFailsNamingEachSetting() {
        MockEnvironment environment = environment();
        environment.setActiveProfiles("prod");

        MissingProductionSettingsException failure = catchThrowableOfType(
                MissingProductionSettingsException.class,
                () -> this.processor.postProcessEnvironment(environment, new SpringApplication()));

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .contains(
                        "spring.datasource.url",
                        "SPRING_DATASOURCE_URL",
                        "spring.data.redis.host",
                        "SPRING_DATA_REDIS_HOST",
                        "yiwang.keys.master-key",
                        "YIWANG_KEYS_MASTER_KEY",
                        "yiwang.crypto.blind-index-key",
                        "yiwang.crypto.active-key-id",
                        "yiwang.sms.sender",
                        "yiwang.issuer",
                        "YIWANG_ISSUER");
        assertThat(failure.getMissing()).hasSize(7);
        assertThat(environment.getProperty("spring.datasource.url")).isNull();
        assertThat(this.dataDir.resolve("secrets.properties")).doesNotExist();
    }

    @Test
    void postProcessWhenProdAndOnlyMasterKeyMissingThenFailsNamingOnlyIt() {
        MockEnvironment partial = environment();
        partial.setActiveProfiles("prod");
        productionSettings().forEach((name, value) -> {
            if (!name.equals("yiwang.keys.master-key")) {
                partial.setProperty(name, value);
            }
        });

        MissingProductionSettingsException failure = catchThrowableOfType(
                MissingProductionSettingsException.class,
                () -> this.processor.postProcessEnvironment(partial, new SpringApplication()));

        assertThat(failure.getMissing()).singleElement().asString().startsWith("yiwang.keys.master-key");
    }

    @Test
    void postProcessWhenProdFullyConfiguredThenNoFailureAndNoEmbeddedDefault() {
        MockEnvironment environment = productionEnvironment();

        assertThatNoException()
                .isThrownBy(() -> this.processor.postProcessEnvironment(environment, new SpringApplication()));

        assertThat(environment.getProperty("yiwang.embedded.active")).isNull();
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
    }

    @Test
    void postProcessWhenProdAndOnlyIssuerMissingThenFailsNamingIt() {
        MockEnvironment partial = environment();
        partial.setActiveProfiles("prod");
        productionSettings().forEach((name, value) -> {
            if (!name.equals("yiwang.issuer")) {
                partial.setProperty(name, value);
            }
        });

        MissingProductionSettingsException failure = catchThrowableOfType(
                MissingProductionSettingsException.class,
                () -> this.processor.postProcessEnvironment(partial, new SpringApplication()));

        assertThat(failure.getMissing()).singleElement().asString().startsWith("yiwang.issuer (YIWANG_ISSUER)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false"})
    void postProcessWhenIssuerUnsetThenFollowsServerPort(String embedded) {
        MockEnvironment environment =
                environment().withProperty("yiwang.embedded.enabled", embedded).withProperty("server.port", "9103");

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("yiwang.issuer")).isEqualTo("http://localhost:9103");
    }

    @Test
    void postProcessWhenIssuerAndPortUnsetThenPort9000() {
        MockEnvironment environment = environment();

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("yiwang.issuer")).isEqualTo("http://localhost:9000");
    }

    @Test
    void postProcessWhenIssuerSetThenItWins() {
        MockEnvironment environment = environment()
                .withProperty("yiwang.issuer", "https://id.example.gov.cn")
                .withProperty("server.port", "9103");

        this.processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("yiwang.issuer")).isEqualTo("https://id.example.gov.cn");
    }

    @Test
    void analyzeWhenSettingsMissingThenDescriptionListsEachOne() {
        MockEnvironment environment = environment();
        environment.setActiveProfiles("prod");
        MissingProductionSettingsException failure = catchThrowableOfType(
                MissingProductionSettingsException.class,
                () -> this.processor.postProcessEnvironment(environment, new SpringApplication()));

        FailureAnalysis analysis = new MissingProductionSettingsFailureAnalyzer()
                .analyze(new IllegalStateException("start-up failed", failure));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getCause()).isSameAs(failure);
        for (String missing : failure.getMissing()) {
            assertThat(analysis.getDescription()).contains("\n  - " + missing);
        }
        assertThat(analysis.getDescription()).contains("'prod' profile");
        assertThat(analysis.getAction()).isNotBlank();
    }

    private MockEnvironment environment() {
        return new MockEnvironment().withProperty("yiwang.embedded.data-dir", this.dataDir.toString());
    }

    private MockEnvironment productionEnvironment() {
        MockEnvironment environment = environment();
        environment.setActiveProfiles("prod");
        productionSettings().forEach(environment::setProperty);
        return environment;
    }

    private static Map<String, String> productionSettings() {
        return Map.of(
                "spring.datasource.url",
                "jdbc:postgresql://db.internal:5432/yiwang",
                "spring.data.redis.host",
                "redis.internal",
                "yiwang.keys.master-key",
                "bWFzdGVy",
                "yiwang.crypto.blind-index-key",
                "YmxpbmQ=",
                "yiwang.crypto.active-key-id",
                "k1",
                "yiwang.sms.sender",
                "http",
                "yiwang.issuer",
                "https://id.example.gov.cn");
    }
}
