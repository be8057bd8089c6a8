package cn.yiwang.id.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import cn.yiwang.id.server.config.AuthServerSchemaConfiguration;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** {@link ClientBootstrap} against the real PostgreSQL, with the auth-server schema migrated by its own Flyway. */
class ClientBootstrapTests {

    private static ValidatorFactory validation;

    private static JdbcTemplate jdbc;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private final JdbcRegisteredClientRepository clients = new JdbcRegisteredClientRepository(jdbc);

    private final DefaultResourceLoader resources = new DefaultResourceLoader();

    private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

    private final AuditLog audit = new AuditLog() {
        @Override
        public void record(AuditEvent event) {
            ClientBootstrapTests.this.audited.add(event);
        }

        @Override
        public List<AuditEvent> forSession(String sessionId) {
            return List.of();
        }

        @Override
        public List<AuditEvent> forAccount(String accountId, int limit) {
            return List.of();
        }
    };

    // one hash per client: Spring Authorization Server refuses two clients with the same stored secret
    private final String webSecretHash = ClientSecrets.encoder().encode("bootstrap-secret");

    private final String serviceSecretHash = ClientSecrets.encoder().encode("bootstrap-secret");

    @TempDir
    Path dir;

    @BeforeAll
    static void migrate() {
        LocalInfrastructure.ensureAvailable();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                LocalInfrastructure.jdbcUrl(), LocalInfrastructure.pgUser(), LocalInfrastructure.pgPassword());
        // the production Flyway definition: own history table, baseline below V1 in the shared schema
        new AuthServerSchemaConfiguration().authServerFlyway(dataSource).migrate();
        jdbc = new JdbcTemplate(dataSource);
        validation = Validation.buildDefaultValidatorFactory();
    }

    @AfterAll
    static void close() {
        validation.close();
    }

    @AfterEach
    void deleteClients() {
        jdbc.update("delete from oauth2_registered_client where client_id like ?", "bt-%-" + this.suffix);
    }

    @Test
    void applyWhenFirstRunThenCreatedAndSecondIdenticalRunUnchanged() throws IOException {
        Resource file = write("clients.yml", clientsYaml("https://rp.example.cn/callback"));
        ClientBootstrap bootstrap = bootstrap(file);

        List<ClientDefinition> definitions = bootstrap.read(file);
        assertThat(definitions).extracting(ClientDefinition::clientId).containsExactly(web(), service(), spa());
        assertThat(apply(bootstrap, file)).containsExactly(Change.CREATED, Change.CREATED, Change.CREATED);

        assertThat(apply(bootstrap, file)).containsExactly(Change.UNCHANGED, Change.UNCHANGED, Change.UNCHANGED);
        assertThat(this.audited)
                .as("each creation audited, nothing for unchanged runs")
                .extracting(AuditEvent::type, AuditEvent::clientId, AuditEvent::actor)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("client.created", web(), "system:bootstrap"),
                        org.assertj.core.groups.Tuple.tuple("client.created", service(), "system:bootstrap"),
                        org.assertj.core.groups.Tuple.tuple("client.created", spa(), "system:bootstrap"));

        RegisteredClient stored = this.clients.findByClientId(web());
        assertThat(stored).isNotNull();
        assertThat(stored.getRedirectUris()).containsExactly("https://rp.example.cn/callback");
        assertThat(stored.getClientSecret()).isEqualTo(this.webSecretHash);
        assertThat(stored.getClientAuthenticationMethods()).contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        assertThat(stored.getTokenSettings().isReuseRefreshTokens()).isFalse();
        RegisteredClient spa = this.clients.findByClientId(spa());
        assertThat(spa.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(spa.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(spa.getClientSettings().isRequireAuthorizationConsent()).isTrue();
        assertThat(this.clients.findByClientId(service()).getAuthorizationGrantTypes())
                .containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
    }

    @Test
    void applyWhenRedirectUriChangedThenUpdatedWithSameId() throws IOException {
        Resource before = write("before.yml", clientsYaml("https://rp.example.cn/callback"));
        ClientBootstrap bootstrap = bootstrap(before);
        apply(bootstrap, before);
        String id = this.clients.findByClientId(web()).getId();
        Resource after = write("after.yml", clientsYaml("https://rp.example.cn/new-callback"));

        assertThat(apply(bootstrap, after)).containsExactly(Change.UPDATED, Change.UNCHANGED, Change.UNCHANGED);
        RegisteredClient stored = this.clients.findByClientId(web());
        assertThat(stored.getId()).isEqualTo(id);
        assertThat(stored.getRedirectUris()).containsExactly("https://rp.example.cn/new-callback");
        assertThat(apply(bootstrap, after)).containsOnly(Change.UNCHANGED);
    }

    @Test
    void readWhenDefinitionHasTwoProblemsThenFailsNamingBothAndTheClient() throws IOException {
        Resource file = write("invalid.yml", """
                clients:
                  - client-id: %s
                    client-secret: "%s"
                    grant-types: [ client_credentials ]
                    scopes: [ api.read ]
                  - client-id: %s
                    client-secret: plain-text-secret
                    redirect-uris: [ "http://rp.example.cn/callback" ]
                    grant-types: [ authorization_code ]
                    scopes: [ openid ]
                """.formatted(service(), this.serviceSecretHash, web()));
        ClientBootstrap bootstrap = bootstrap(file);

        String where = "clients[1] (" + web() + ") ";
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap.read(file))
                .withMessageContaining(where + "redirect-uris: 'http://rp.example.cn/callback' must use https")
                .withMessageContaining(where + "client-secret: must be stored hashed")
                .withMessageNotContaining("clients[0]");
        assertThat(this.clients.findByClientId(service())).isNull();
    }

    @Test
    void readWhenTwoClientsShareOneSecretHashThenFailsWithAClearMessage() throws IOException {
        Resource file = write(
                "shared-secret.yml", """
                clients:
                  - client-id: %s
                    client-secret: "%s"
                    grant-types: [ client_credentials ]
                  - client-id: %s
                    client-secret: "%s"
                    grant-types: [ client_credentials ]
                """.formatted(service(), this.serviceSecretHash, web(), this.serviceSecretHash));

        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(file).read(file))
                .withMessageContaining(
                        "clients[1] (" + web() + ") client-secret: the same hash is used by another client");
    }

    /** One bootstrap run, as at start-up: read and validate the file, then apply each definition. */
    private static List<Change> apply(ClientBootstrap bootstrap, Resource file) {
        return bootstrap.read(file).stream().map(bootstrap::apply).toList();
    }

    private ClientBootstrap bootstrap(Resource file) {
        JdbcClientRepository repository = new JdbcClientRepository(jdbc, Clock.systemUTC());
        ClientAdministration administration = new ClientAdministration(
                repository,
                new ClientRegistry(repository, Duration.ofSeconds(15)),
                validation.getValidator(),
                new SectorIdentifiers(Duration.ofSeconds(2)),
                this.audit,
                Clock.systemUTC());
        return new ClientBootstrap(
                administration, this.resources, new ClientBootstrapProperties(file.getDescription()));
    }

    private Resource write(String name, String content) throws IOException {
        Path file = Files.writeString(this.dir.resolve(name), content);
        return this.resources.getResource(file.toUri().toString());
    }

    private String clientsYaml(String webRedirectUri) {
        return """
                clients:
                  - client-id: %s
                    client-name: Bootstrap web
                    client-secret: "%s"
                    redirect-uris: [ "%s" ]
                    post-logout-redirect-uris: [ "https://rp.example.cn/" ]
                    grant-types: [ authorization_code, refresh_token ]
                    scopes: [ openid, profile ]
                  - client-id: %s
                    client-secret: "%s"
                    grant-types: [ client_credentials ]
                    scopes: [ api.read ]
                    access-token-ttl: 5m
                  - client-id: %s
                    client-secret: none
                    redirect-uris: [ "http://127.0.0.1:8082/callback", "cn.example.app:/callback" ]
                    grant-types: [ authorization_code ]
                    scopes: [ openid ]
                    require-consent: true
                    id-token-signature-algorithm: ES256
                """.formatted(web(), this.webSecretHash, webRedirectUri, service(), this.serviceSecretHash, spa());
    }

    private String web() {
        return "bt-web-" + this.suffix;
    }

    private String service() {
        return "bt-svc-" + this.suffix;
    }

    private String spa() {
        return "bt-spa-" + this.suffix;
    }
}
