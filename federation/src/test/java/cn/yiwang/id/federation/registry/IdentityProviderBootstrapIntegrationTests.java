package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import cn.yiwang.id.account.realname.AssuranceLevel;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.IdentityProvider.ClientAuthentication;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import cn.yiwang.id.kit.registry.Change;
import cn.yiwang.id.saml.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;

/** {@link IdentityProviderBootstrap} against real PostgreSQL, with files written per test. */
@SpringBootTest(classes = FederationTestApplication.class)
class IdentityProviderBootstrapIntegrationTests {

    @Autowired
    private IdentityProviderAdministration administration;

    @Autowired
    private IdentityProviderRegistry registry;

    @Autowired
    private JdbcClient jdbc;

    @TempDir
    private Path directory;

    private final MockEnvironment environment = new MockEnvironment();

    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteCreated() {
        this.created.forEach((alias) -> this.jdbc
                .sql("delete from identity_provider where alias = ?")
                .param(alias)
                .update());
        this.registry.refresh();
    }

    @Test
    void runWhenNewThenCreatedWithEveryFieldAndSecretFromEnvironment() throws IOException {
        String alias = alias();
        this.environment.setProperty("ZJ_IDP_SECRET", "secret-from-env");
        run(write(zhejiang(alias, "https://idp.zj.example.gov.cn", "ZJ_IDP_SECRET")));
        IdentityProvider stored = this.administration.find(alias).orElseThrow().provider();
        assertThat(stored)
                .usingRecursiveComparison()
                .ignoringFields("updatedAt")
                .isEqualTo(new IdentityProvider(
                        alias,
                        "浙里办",
                        "Zhejiang",
                        "330000",
                        IdentityProvider.Protocol.OIDC,
                        "https://idp.zj.example.gov.cn",
                        "yiwang-id",
                        "secret-from-env",
                        ClientAuthentication.CLIENT_SECRET_BASIC,
                        List.of("openid", "profile"),
                        Map.of("name", "name", "id_number", "idcard", "id_document_type", "cert_type"),
                        AssuranceLevel.L2,
                        true,
                        true,
                        10,
                        null));
        assertThat(this.registry.findEnabled(alias)).isPresent();
    }

    @Test
    void applyWhenRunTwiceUnchangedThenLeftAlone() throws IOException {
        String alias = alias();
        this.environment.setProperty("ZJ_IDP_SECRET", "secret-from-env");
        Path file = write(zhejiang(alias, "https://idp.zj.example.gov.cn", "ZJ_IDP_SECRET"));
        assertThat(apply(file)).containsExactly(Change.CREATED);
        VersionedIdentityProvider first = this.administration.find(alias).orElseThrow();
        assertThat(apply(file)).containsExactly(Change.UNCHANGED);
        assertThat(this.administration.find(alias)).contains(first);
    }

    @Test
    void applyWhenFieldChangedThenUpdated() throws IOException {
        String alias = alias();
        this.environment.setProperty("ZJ_IDP_SECRET", "secret-from-env");
        assertThat(apply(write(zhejiang(alias, "https://idp.zj.example.gov.cn", "ZJ_IDP_SECRET"))))
                .containsExactly(Change.CREATED);
        assertThat(apply(write(zhejiang(alias, "https://new.zj.example.gov.cn", "ZJ_IDP_SECRET"))))
                .containsExactly(Change.UPDATED);
        VersionedIdentityProvider stored = this.administration.find(alias).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.provider().issuer()).isEqualTo("https://new.zj.example.gov.cn");
    }

    @Test
    void applyWhenOnlySecretChangedThenComparedDecryptedAndUpdated() throws IOException {
        String alias = alias();
        Path file = write(zhejiang(alias, "https://idp.zj.example.gov.cn", "ZJ_IDP_SECRET"));
        this.environment.setProperty("ZJ_IDP_SECRET", "first-secret");
        assertThat(apply(file)).containsExactly(Change.CREATED);
        this.environment.setProperty("ZJ_IDP_SECRET", "rotated-secret");
        assertThat(apply(file)).containsExactly(Change.UPDATED);
        assertThat(this.administration.find(alias).orElseThrow().provider().clientSecret())
                .isEqualTo("rotated-secret");
        assertThat(apply(file)).containsExactly(Change.UNCHANGED);
    }

    @Test
    void readWhenPrivateKeyJwtThenNoSecretNeeded() throws IOException {
        String alias = alias();
        List<IdentityProvider> providers = bootstrap(null).read(new FileSystemResource(write("""
				identity-providers:
				  - alias: %s
				    display-name-zh: 粤省事
				    display-name-en: Guangdong
				    region-code: "440000"
				    issuer: http://127.0.0.1:8089
				    client-id: yiwang
				    client-authentication: private_key_jwt
				    scopes: openid
				    trust-level: 3
				""".formatted(alias))));
        assertThat(providers).singleElement().satisfies((provider) -> {
            assertThat(provider.clientAuthentication()).isEqualTo(ClientAuthentication.PRIVATE_KEY_JWT);
            assertThat(provider.clientSecret()).isNull();
            assertThat(provider.protocol()).isEqualTo(IdentityProvider.Protocol.OIDC);
            assertThat(provider.enabled()).isTrue();
            assertThat(provider.shownOnLoginPage()).isTrue();
            assertThat(provider.order()).isZero();
            assertThat(provider.claimMappings()).isEmpty();
        });
    }

    @Test
    void readWhenInvalidThenEveryProblemListedWithIndexAndAlias() throws IOException {
        Path file = write("""
				identity-providers:
				  - alias: Zhejiang
				    display-name-zh: 浙里办
				    display-name-en: Zhejiang
				    region-code: "33"
				    issuer: http://idp.zj.example.gov.cn
				    client-id: yiwang
				    client-secret-env: MISSING_SECRET
				    scopes: [ profile ]
				    claim-mappings:
				      email: mail
				    trust-level: 5
				  - alias: shanghai
				    display-name-zh: 随申办
				    display-name-en: Shanghai
				    region-code: "310000"
				    issuer: https://idp.sh.example.gov.cn
				    client-id: yiwang
				    client-secret: inline-secret
				    scopes: [ openid ]
				    trust-level: 2
				    enabeld: false
				  - alias: shanghai
				    display-name-zh: 随申办
				    display-name-en: Shanghai
				    region-code: "310000"
				    issuer: https://idp.sh.example.gov.cn
				    client-id: yiwang
				    client-authentication: private_key_jwt
				    scopes: [ openid ]
				    trust-level: 2
				""");
        String settings = "alias, display-name-zh, display-name-en, region-code, protocol, issuer, client-id, "
                + "client-secret-env, client-authentication, scopes, claim-mappings, trust-level, enabled, "
                + "shown-on-login-page, order, saml";
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(null).read(new FileSystemResource(file)))
                .withMessage("Identity-provider bootstrap file file [" + file.toAbsolutePath() + "] is invalid:\n"
                        + "  - identity-providers[0] (Zhejiang) client-secret-env: the environment variable MISSING_SECRET"
                        + " is not set or empty\n"
                        + "  - identity-providers[0] (Zhejiang) alias: must be 2 to 32 characters: lower-case letters a-z,"
                        + " digits and '-' (it appears in URLs and in idp_hint)\n"
                        + "  - identity-providers[0] (Zhejiang) region-code: must be the 6-digit administrative division"
                        + " code of the province (GB/T 2260), e.g. 330000\n"
                        + "  - identity-providers[0] (Zhejiang) issuer: must use https (http is allowed for loopback"
                        + " addresses only, for tests)\n"
                        + "  - identity-providers[0] (Zhejiang) scopes: must include openid, so the upstream returns an ID"
                        + " token\n"
                        + "  - identity-providers[0] (Zhejiang) claim-mappings.email: 'email' is not an account attribute;"
                        + " map only name, id_number, id_document_type, phone, level\n"
                        + "  - identity-providers[0] (Zhejiang) trust-level: must be 1, 2, 3 or 4: the highest level of"
                        + " assurance (L1 to L4) this identity provider may assert\n"
                        + "  - identity-providers[1] (shanghai) client-secret: secrets are never written in this file; set"
                        + " client-secret-env to the name of the environment variable that holds it\n"
                        + "  - identity-providers[1] (shanghai) enabeld: unknown setting; the settings are " + settings
                        + "\n"
                        + "  - identity-providers[2] (shanghai) alias: declared twice (also identity-providers[1])");
    }

    @Test
    void readWhenValueCannotBeConvertedThenPropertyNamed() throws IOException {
        Path file = write("""
				identity-providers:
				  - alias: zhejiang
				    enabled: perhaps
				""");
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(null).read(new FileSystemResource(file)))
                .withMessageStartingWith("Identity-provider bootstrap file file [" + file.toAbsolutePath()
                        + "] is invalid:\n  - identity-providers")
                .withMessageContaining("perhaps");
    }

    @Test
    void readWhenNotTheListThenRefusedRatherThanIgnored() throws IOException {
        Path file = write("""
				identity-provider:
				  - alias: zhejiang
				identity-providers:
				  zhejiang:
				    alias: zhejiang
				""");
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(null).read(new FileSystemResource(file)))
                .withMessage("Identity-provider bootstrap file file [" + file.toAbsolutePath() + "] is invalid:\n"
                        + "  - identity-provider[0].alias: not part of the list identity-providers (each entry starts with"
                        + " '- alias:'), which is all this file may contain\n"
                        + "  - identity-providers.zhejiang.alias: not part of the list identity-providers (each entry starts"
                        + " with '- alias:'), which is all this file may contain");
    }

    @Test
    void runWhenFileMissingThenNothingToDo() {
        String before = this.administration.findAll().toString();
        bootstrap(this.directory.resolve("absent.yml").toUri().toString()).run(null);
        assertThat(this.administration.findAll()).hasToString(before);
    }

    @Test
    void runWhenExampleConfigFileThenValidAndEmpty() {
        // the example shipped in config/ (module directory is the working directory of the tests)
        assertThat(bootstrap(null).read(new FileSystemResource("../config/identity-providers.yml")))
                .isEmpty();
    }

    @Test
    void readWhenExampleInConfigFileUncommentedThenValid() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../config/identity-providers.yml"), StandardCharsets.UTF_8);
        String example = lines.stream()
                .dropWhile((line) -> !line.startsWith("# identity-providers:"))
                .takeWhile((line) -> line.startsWith("#"))
                .map((line) -> line.substring(2))
                .collect(java.util.stream.Collectors.joining("\n"));
        this.environment.setProperty("ZJ_IDP_SECRET", "example-secret");
        List<IdentityProvider> providers = bootstrap(null).read(new FileSystemResource(write(example)));
        assertThat(providers).hasSize(2);
        assertThat(providers.get(0)).satisfies((provider) -> {
            assertThat(provider.alias()).isEqualTo("zhejiang");
            assertThat(provider.clientSecret()).isEqualTo("example-secret");
            assertThat(provider.claimMappings()).containsOnlyKeys(IdentityProviderValidator.MAPPABLE_ATTRIBUTES);
            assertThat(provider.claimMappings()).containsEntry("id_number", "idcard");
        });
        assertThat(providers.get(1)).satisfies((provider) -> {
            assertThat(provider.alias()).isEqualTo("jiangsu");
            assertThat(provider.protocol()).isEqualTo(IdentityProvider.Protocol.SAML);
            assertThat(provider.saml().metadataUrl()).isEqualTo("https://idp.example.js.gov.cn/saml/metadata");
            assertThat(provider.saml().authnContextLevels()).containsEntry("urn:js:loa:high", 3);
            assertThat(provider.claimMappings()).containsEntry("name", "urn:oid:2.5.4.3");
        });
    }

    @Test
    void runWhenSamlWithInlineMetadataThenCreatedWithLevelsAsWritten() throws IOException {
        String alias = alias();
        String metadata = TestSamlIdp.signMetadata(
                TestSamlIdp.metadataXml(true, false, null), TestSamlIdp.KEY, TestSamlIdp.CERTIFICATE);
        String certificate = Certificates.base64(TestSamlIdp.CERTIFICATE);
        run(write("""
				identity-providers:
				  - alias: %s
				    display-name-zh: 苏服办
				    display-name-en: Jiangsu
				    region-code: "320000"
				    protocol: saml
				    issuer: %s
				    saml:
				      metadata-xml: |
				        %s
				      authn-context-levels:
				        "http://idp.js.example.gov.cn/loa/2.0": 2
				        urn:js:loa:high: 3
				      metadata-signing-certificate: %s
				    claim-mappings:
				      name: cn
				      id_number: idcard
				    trust-level: 3
				""".formatted(alias, TestSamlIdp.ENTITY_ID, metadata.replace("\n", "\n        "), certificate)));
        IdentityProvider stored = this.administration.find(alias).orElseThrow().provider();
        assertThat(stored.protocol()).isEqualTo(IdentityProvider.Protocol.SAML);
        assertThat(stored.clientAuthentication()).isNull();
        assertThat(stored.saml().metadataXml().strip()).isEqualTo(metadata);
        assertThat(stored.saml().metadataSigningCertificate()).isEqualTo(certificate);
        assertThat(stored.saml().authnContextLevels())
                .isEqualTo(Map.of("http://idp.js.example.gov.cn/loa/2.0", 2, "urn:js:loa:high", 3));
        assertThat(stored.claimMappings()).isEqualTo(Map.of("name", "cn", "id_number", "idcard"));
    }

    @Test
    void readWhenSamlSettingsWrongThenEachNamedAsTheFileSpellsIt() throws IOException {
        Path file = write("""
				identity-providers:
				  - alias: jiangsu
				    display-name-zh: 苏服办
				    display-name-en: Jiangsu
				    region-code: "320000"
				    protocol: saml
				    issuer: https://idp.js.example.gov.cn/saml
				    saml:
				      metadata-uri: https://idp.js.example.gov.cn/md
				      metadata-url: http://idp.js.example.gov.cn/md
				      authn-context-levels:
				        urn:js:loa:high: high
				    trust-level: 2
				""");
        assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap(null).read(new FileSystemResource(file)))
                .withMessage("Identity-provider bootstrap file file [" + file.toAbsolutePath() + "] is invalid:\n"
                        + "  - identity-providers[0] (jiangsu) saml.metadata-uri: unknown setting; the settings under saml"
                        + " are metadata-url, metadata-xml, authn-context-levels, metadata-signing-certificate\n"
                        + "  - identity-providers[0] (jiangsu) saml.metadata-url: must use https: the IdP's signing"
                        + " certificates are trusted from this document (http is allowed for loopback addresses only, for"
                        + " tests)\n"
                        + "  - identity-providers[0] (jiangsu) saml.authn-context-levels.urn:js:loa:high: must be 1, 2, 3"
                        + " or 4: the level of assurance (L1 to L4) this authentication context stands for");
    }

    private String alias() {
        String alias = TestIdentityProviders.alias();
        this.created.add(alias);
        return alias;
    }

    private static String zhejiang(String alias, String issuer, String secretVariable) {
        return """
				identity-providers:
				  - alias: %s
				    display-name-zh: 浙里办
				    display-name-en: Zhejiang
				    region-code: "330000"
				    protocol: oidc
				    issuer: %s
				    client-id: yiwang-id
				    client-secret-env: %s
				    client-authentication: client_secret_basic
				    scopes: [ openid, profile ]
				    claim-mappings:
				      name: name
				      id_number: idcard
				      "[id_document_type]": cert_type
				    trust-level: 2
				    enabled: true
				    shown-on-login-page: true
				    order: 10
				""".formatted(alias, issuer, secretVariable);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(this.directory, "identity-providers", ".yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private void run(Path file) {
        bootstrap(file.toUri().toString()).run(null);
    }

    private List<Change> apply(Path file) {
        IdentityProviderBootstrap bootstrap = bootstrap(null);
        return bootstrap.read(new FileSystemResource(file)).stream()
                .map((provider) -> bootstrap.apply(provider, "test"))
                .toList();
    }

    private IdentityProviderBootstrap bootstrap(String location) {
        return new IdentityProviderBootstrap(
                this.administration,
                new DefaultResourceLoader(),
                this.environment,
                new FederationRegistryProperties(
                        (location != null) ? location : FederationTestApplication.NO_BOOTSTRAP_FILE,
                        Duration.ofSeconds(15)));
    }
}
