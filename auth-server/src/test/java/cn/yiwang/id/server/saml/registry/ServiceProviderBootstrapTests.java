package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.server.audit.AuditEvent;
import cn.yiwang.id.server.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;

/**
 * {@link ServiceProviderBootstrap} on files in a temporary directory, an SP's metadata on a loopback
 * web server, and the registry in memory (the table itself is covered by the schema and API tests).
 */
class ServiceProviderBootstrapTests {

    private static final String INLINE = """
              - alias: legacy
                display-name-zh: 旧版门户
                display-name-en: Legacy portal
                entity-id: https://legacy.example.gov.cn/saml
                assertion-consumer-services:
                  - binding: HTTP-POST
                    location: https://legacy.example.gov.cn/saml/acs
                    is-default: true
                  - binding: urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST
                    location: https://legacy.example.gov.cn/saml/acs2
                    index: 5
                single-logout-services:
                  - binding: http-redirect
                    location: https://legacy.example.gov.cn/saml/slo
                signing-certificates:
                  - |
                    %s
                require-signed-authn-requests: true
                name-id-format: transient
                released-attributes: [ name, loa, id_number_masked ]
            """;

    @TempDir
    Path directory;

    private final MetadataServer server = new MetadataServer();

    private final InMemoryServiceProviderRepository repository = new InMemoryServiceProviderRepository();

    private final List<AuditEvent> events = new ArrayList<>();

    @AfterEach
    void stop() {
        this.server.close();
    }

    @Test
    void readWhenTwoEntriesShareAnEntityIdThenInvalidAndNothingWritten() throws Exception {
        Files.createDirectories(this.directory.resolve("saml"));
        Files.write(this.directory.resolve("saml/portal.xml"), TestServiceProviders.metadataXml());
        ServiceProviderBootstrap bootstrap = bootstrap(write("""
                service-providers:
                  - alias: mps-portal
                    display-name-zh: 公安部政务服务平台
                    display-name-en: MPS portal
                    metadata-file: saml/portal.xml
                  - alias: remote
                    display-name-zh: 远程门户
                    display-name-en: Remote portal
                    metadata-url: %s
                """.formatted(this.server.url("/metadata"))));

        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()))
                .withMessageContaining("service-providers[1] (remote) entity-id: "
                        + TestServiceProviders.METADATA_ENTITY_ID + " is declared twice (also service-providers[0])");
        assertThat(this.repository.findAll()).isEmpty();
    }

    @Test
    void runWhenInlineAndMetadataFileThenCreatedThenUnchangedThenUpdated() throws Exception {
        Files.createDirectories(this.directory.resolve("saml"));
        Files.write(this.directory.resolve("saml/portal.xml"), TestServiceProviders.metadataXml());
        ServiceProviderBootstrap valid = bootstrap(write("service-providers:\n" + inline() + """
              - alias: mps-portal
                display-name-zh: 公安部政务服务平台
                display-name-en: MPS portal
                metadata-file: saml/portal.xml
                encrypt-assertion: true
                released-attributes: [ name, id_number ]
                release-full-id-number: true
            """));
        valid.run(new DefaultApplicationArguments());

        ServiceProvider legacy =
                this.repository.findByAlias("legacy").orElseThrow().provider();
        assertThat(legacy.entityId()).isEqualTo("https://legacy.example.gov.cn/saml");
        assertThat(legacy.assertionConsumerServices())
                .extracting((e) -> e.binding() + " " + e.index() + " " + e.isDefault())
                .containsExactly(SamlNames.BINDING_POST + " 0 true", SamlNames.BINDING_POST + " 5 false");
        assertThat(legacy.singleLogoutServices().get(0).binding()).isEqualTo(SamlNames.BINDING_REDIRECT);
        assertThat(legacy.signingCertificates()).containsExactly(TestServiceProviders.signingCertificate());
        assertThat(legacy.nameIdFormat()).isEqualTo(SamlNames.NAMEID_TRANSIENT);
        assertThat(legacy.releasedAttributes()).containsExactly("name", "loa", "id_number_masked");
        ServiceProvider portal =
                this.repository.findByAlias("mps-portal").orElseThrow().provider();
        assertThat(portal.entityId()).isEqualTo(TestServiceProviders.METADATA_ENTITY_ID);
        assertThat(portal.assertionConsumerServices()).hasSize(2);
        assertThat(portal.encryptAssertion()).isTrue();
        assertThat(portal.requireSignedAuthnRequests())
                .as("from AuthnRequestsSigned")
                .isTrue();
        assertThat(portal.releases("id_number")).isTrue();
        assertThat(portal.metadataUrl()).isNull();
        assertThat(this.events)
                .extracting(AuditEvent::type, AuditEvent::clientId, AuditEvent::actor)
                .containsExactly(
                        tuple("saml.sp.created", "legacy", "bootstrap:" + location()),
                        tuple("saml.sp.created", "mps-portal", "bootstrap:" + location()));

        valid.run(new DefaultApplicationArguments());
        assertThat(this.events).as("nothing changed, nothing written").hasSize(2);
        assertThat(this.repository.findByAlias("legacy").orElseThrow().version())
                .isEqualTo(1);

        bootstrap(write("service-providers:\n"
                        + inline().replace("name-id-format: transient", "name-id-format: persistent")))
                .run(new DefaultApplicationArguments());
        assertThat(this.repository.findByAlias("legacy").orElseThrow().version())
                .isEqualTo(2);
        assertThat(this.events.get(2).type()).isEqualTo("saml.sp.updated");
        assertThat(this.events.get(2).detail()).endsWith("changed: nameIdFormat");
        assertThat(this.repository.findByAlias("mps-portal"))
                .as("absent from the file, kept")
                .isPresent();
    }

    @Test
    void runWhenMetadataUrlThenFetchedAndRecorded() throws Exception {
        bootstrap(write("""
                service-providers:
                  - alias: remote
                    display-name-zh: 远程门户
                    display-name-en: Remote portal
                    metadata-url: %s
                    sign-assertion: false
                """.formatted(this.server.url("/metadata")))).run(new DefaultApplicationArguments());

        ServiceProvider remote =
                this.repository.findByAlias("remote").orElseThrow().provider();
        assertThat(remote.metadataUrl()).isEqualTo(this.server.url("/metadata"));
        assertThat(remote.signAssertion())
                .as("WantAssertionsSigned=true wins over the file")
                .isTrue();
        assertThat(remote.singleLogoutServices()).hasSize(3);
    }

    @Test
    void runWhenMetadataUrlUnavailableThenThatProviderLeftAsStoredAndTheRestApplied() throws Exception {
        ServiceProvider stored = TestServiceProviders.builder().alias("remote").build();
        this.repository.create(stored);

        bootstrap(write("service-providers:\n" + inline() + """
              - alias: remote
                display-name-zh: 远程门户
                display-name-en: Remote portal
                metadata-url: %s
            """.formatted(this.server.url("/missing"))))
                .run(new DefaultApplicationArguments());

        assertThat(this.repository
                        .findByAlias("remote")
                        .orElseThrow()
                        .provider()
                        .entityId())
                .isEqualTo(stored.entityId());
        assertThat(this.repository.findByAlias("legacy")).isPresent();
    }

    @Test
    void readWhenInvalidThenEveryProblemListedWithTheFilesFieldNames() throws Exception {
        Path file = write("""
                service-providers:
                  - alias: Bad_Alias
                    display-name-zh: 门户
                    display-name-en: Portal
                    entity-id: https://a.example.gov.cn/saml
                    assertion-consumer-services:
                      - binding: HTTP-POST
                        location: http://a.example.gov.cn/acs
                    encrypt-assertion: true
                    released-attributes: [ name, email ]
                  - alias: both
                    display-name-zh: 门户
                    display-name-en: Portal
                    metadata-file: saml/portal.xml
                    entity-id: https://b.example.gov.cn/saml
                  - alias: missing
                    display-name-zh: 门户
                    display-name-en: Portal
                    metadata-file: saml/missing.xml
                  - alias: twice
                    display-name-zh: 门户
                    display-name-en: Portal
                    metadata-file: a.xml
                    metadata-url: https://c.example.gov.cn/metadata
                  - alias: badcert
                    display-name-zh: 门户
                    display-name-en: Portal
                    entity-id: https://d.example.gov.cn/saml
                    assertion-consumer-services:
                      - location: https://d.example.gov.cn/acs
                        binding: HTTP-POST
                    signing-certificates: [ "not a certificate" ]
                """);

        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(file).read(new FileSystemResource(file)))
                .withMessageContaining("service-providers[0] (Bad_Alias) alias: must be 2 to 32 characters")
                .withMessageContaining(
                        "service-providers[0] (Bad_Alias) assertion-consumer-services[0].location: " + "must use https")
                .withMessageContaining("service-providers[0] (Bad_Alias) encryption-certificates: must include the SP's"
                        + " encryption certificate when encryptAssertion is true")
                .withMessageContaining(
                        "service-providers[0] (Bad_Alias) released-attributes: 'email' is not an attribute")
                .withMessageContaining("service-providers[1] (both) entity-id: comes from the metadata; remove it here")
                .withMessageContaining("service-providers[2] (missing) metadata-file: saml/missing.xml does not exist "
                        + "(the path is relative to this file)")
                .withMessageContaining("service-providers[3] (twice) metadata-file, metadata-url: give one of them")
                .withMessageContaining("service-providers[4] (badcert) signing-certificates[0]: is not an X.509 "
                        + "certificate in base64 DER or PEM");
    }

    @Test
    void readWhenUnknownSettingThenNamed() throws Exception {
        Path file = write("""
                service-providers:
                  - alias: typo
                    display-name-zh: 门户
                    display-name-en: Portal
                    entity-id: https://a.example.gov.cn/saml
                    assertion-consumer-service:
                      - binding: HTTP-POST
                        location: https://a.example.gov.cn/acs
                """);
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(file).read(new FileSystemResource(file)))
                .withMessageContaining("service-providers[0].assertion-consumer-service");
    }

    @Test
    void readWhenAnythingBesidesTheListThenNamed() throws Exception {
        Path file = write("""
                service-provider:
                  - alias: typo
                """);
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(file).read(new FileSystemResource(file)))
                .withMessageContaining("service-provider[0].alias: not part of the list service-providers");
    }

    @Test
    void readWhenCommittedFileThenValidAndEmpty() {
        assertThat(bootstrap(this.directory).read(new FileSystemResource("../config/saml-service-providers.yml")))
                .isEmpty();
    }

    @Test
    void readWhenDemoFileThenOneValidProviderOnLoopback() {
        assertThat(bootstrap(this.directory).read(new ClassPathResource("config/demo-saml-service-providers.yml")))
                .singleElement()
                .satisfies((sp) -> {
                    assertThat(sp.alias()).isEqualTo("demo-sp");
                    assertThat(sp.assertionConsumerService(null, null)
                                    .orElseThrow()
                                    .location())
                            .isEqualTo("http://127.0.0.1:8090/saml/acs");
                });
    }

    @Test
    void runWhenNoFileThenNothing() {
        bootstrap(this.directory.resolve("absent.yml")).run(new DefaultApplicationArguments());
        assertThat(this.repository.findAll()).isEmpty();
    }

    // the signing certificate as PEM, in a YAML block scalar
    private static String inline() {
        String base64 = Certificates.base64(TestServiceProviders.signingCertificate());
        List<String> lines = new ArrayList<>(List.of("-----BEGIN CERTIFICATE-----"));
        for (int i = 0; i < base64.length(); i += 64) {
            lines.add(base64.substring(i, Math.min(base64.length(), i + 64)));
        }
        lines.add("-----END CERTIFICATE-----");
        return INLINE.formatted(String.join("\n" + " ".repeat(8), lines));
    }

    private Path write(String yaml) throws IOException {
        Path file = this.directory.resolve("saml-service-providers.yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private String location() {
        return "file:" + this.directory.resolve("saml-service-providers.yml");
    }

    private ServiceProviderBootstrap bootstrap(Path file) {
        ServiceProviderRegistryProperties properties = new ServiceProviderRegistryProperties(
                "file:" + file, Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofHours(6));
        ServiceProviderRegistry registry = new ServiceProviderRegistry(this.repository, properties);
        AuditLog audit = new ServiceProviderAdministrationTests.RecordingAuditLog(this.events);
        ServiceProviderAdministration administration =
                new ServiceProviderAdministration(this.repository, registry, audit, Clock.systemUTC());
        return new ServiceProviderBootstrap(
                administration, new MetadataFetcher(properties), new DefaultResourceLoader(), properties);
    }
}
