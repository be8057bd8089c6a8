package cn.yiwang.id.federation.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.crypto.CryptoProperties;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.federation.IdentityProvider;
import cn.yiwang.id.federation.SamlSettings;
import cn.yiwang.id.federation.saml.TestSamlIdp;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The migration and the repository on H2 in PostgreSQL mode, as the embedded default runs them. */
class IdentityProviderSchemaH2Tests {

    private JdbcClient jdbc;

    private JdbcIdentityProviderRepository repository;

    @BeforeEach
    void migrate() {
        DataSource dataSource = new SimpleDriverDataSource(
                new org.h2.Driver(),
                "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        // another module's table first: the federation migration must still run on a non-empty schema
        JdbcClient.create(dataSource)
                .sql("create table other_module (id integer primary key)")
                .update();
        new FederationSchemaConfiguration().federationFlyway(dataSource).migrate();
        this.jdbc = JdbcClient.create(dataSource);
        Map<String, String> crypto = LocalInfrastructure.testCryptoProperties();
        SensitiveDataProtector protector = new SensitiveDataProtector(new CryptoProperties(
                crypto.get("yiwang.crypto.active-key-id"),
                Map.of("test-2", crypto.get("yiwang.crypto.data-keys.test-2")),
                crypto.get("yiwang.crypto.blind-index-key")));
        this.repository = new JdbcIdentityProviderRepository(this.jdbc, protector, Clock.systemUTC());
    }

    @Test
    void migrateWhenH2PostgresModeThenHistoryInModuleTable() {
        assertThat(this.jdbc
                        .sql("select count(*) from flyway_history_federation where version = '1' and success")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void createUpdateDeleteWhenH2ThenLikePostgres() {
        IdentityProvider provider = TestIdentityProviders.identityProvider();
        VersionedIdentityProvider v1 = this.repository.create(provider);
        assertThat(this.repository.findByAlias(provider.alias())).contains(v1);
        assertThat(this.repository.findEnabledForLoginPage()).containsExactly(v1.provider());
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.repository.create(provider));
        IdentityProvider keyJwt = TestIdentityProviders.builder()
                .alias(provider.alias())
                .privateKeyJwt()
                .build();
        VersionedIdentityProvider v2 = this.repository.update(keyJwt, 1).orElseThrow();
        assertThat(this.repository.findAll()).containsExactly(v2);
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.repository.update(provider, 1));
        assertThat(this.repository.delete(provider.alias(), 2)).isTrue();
        assertThat(this.repository.findAll()).isEmpty();
    }

    @Test
    void migrateWhenH2PostgresModeThenSamlColumnsAdded() {
        assertThat(this.jdbc
                        .sql("select count(*) from flyway_history_federation where version = '3' and success")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void createUpdateWhenSamlOnH2ThenMetadataAndLevelsRoundTrip() {
        IdentityProvider saml = TestIdentityProviders.builder()
                .saml(new SamlSettings(
                        null, TestSamlIdp.metadataXml(), Map.of("http://idp.js.example.gov.cn/loa/2.0", 2)))
                .build();
        VersionedIdentityProvider v1 = this.repository.create(saml);
        assertThat(this.repository.findByAlias(saml.alias())).contains(v1);
        assertThat(v1.provider().saml().metadataXml()).isEqualTo(TestSamlIdp.metadataXml());
        IdentityProvider byUrl = TestIdentityProviders.builder()
                .alias(saml.alias())
                .saml(new SamlSettings("https://idp.js.example.gov.cn/md", null, Map.of()))
                .build();
        VersionedIdentityProvider v2 = this.repository.update(byUrl, 1).orElseThrow();
        assertThat(this.repository.findAll()).containsExactly(v2);
        assertThat(v2.provider().clientAuthentication()).isNull();
    }

    @Test
    void insertWhenSamlWithoutMetadataOrWithClientThenCheckConstraintRejects() {
        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> insertSaml(null, null, null));
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> insertSaml("https://idp/md", "<md/>", null));
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> insertSaml("https://idp/md", null, "CLIENT_SECRET_BASIC"));
        insertSaml("https://idp/md", null, null);
    }

    @Test
    void createWhenSamlWithMetadataSigningCertificateOnH2ThenItRoundTripsAndOidcMayNotHaveOne() {
        assertThat(this.jdbc
                        .sql("select count(*) from flyway_history_federation where version = '4' and success")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        IdentityProvider saml = TestIdentityProviders.builder()
                .saml(new SamlSettings("https://idp.js.example.gov.cn/md", null, Map.of(), "MIIBcertificate"))
                .build();
        assertThat(this.repository.create(saml).provider().saml().metadataSigningCertificate())
                .isEqualTo("MIIBcertificate");
        assertThat(this.repository
                        .findByAlias(saml.alias())
                        .orElseThrow()
                        .provider()
                        .saml()
                        .metadataSigningCertificate())
                .isEqualTo("MIIBcertificate");
        String oidc = TestIdentityProviders.alias();
        insert("CLIENT_SECRET_BASIC", "x", 2, oidc);
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> this.jdbc
                        .sql("update identity_provider set saml_metadata_signing_certificate = 'MIIB' where alias = ?")
                        .param(oidc)
                        .update());
    }

    @Test
    void insertWhenSecretWithPrivateKeyJwtThenCheckConstraintRejects() {
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> insert("PRIVATE_KEY_JWT", "test-2:abc", 2));
    }

    @Test
    void insertWhenNoSecretWithClientSecretBasicThenCheckConstraintRejects() {
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> insert("CLIENT_SECRET_BASIC", null, 2));
    }

    @Test
    void insertWhenUnknownMethodOrTrustLevelThenCheckConstraintsReject() {
        assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> insert("BOGUS", "x", 2));
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> insert("CLIENT_SECRET_POST", "x", 5));
    }

    private void insertSaml(String metadataUrl, String metadataXml, String method) {
        this.jdbc
                .sql("insert into identity_provider (alias, display_name_zh, display_name_en, region_code, protocol, "
                        + "issuer, client_id, client_secret_encrypted, client_authentication, scopes, claim_mappings, "
                        + "trust_level, enabled, shown_on_login_page, display_order, updated_at, version, saml_metadata_url, "
                        + "saml_metadata_xml, saml_authn_context_levels) values (?, 'z', 'z', '320000', 'SAML', 'urn:idp', "
                        + "null, null, ?, '', '{}', 2, true, true, 0, current_timestamp, 1, ?, ?, '{}')")
                .param(TestIdentityProviders.alias())
                .param(method)
                .param(metadataUrl)
                .param(metadataXml)
                .update();
    }

    private void insert(String method, String secret, int trustLevel) {
        insert(method, secret, trustLevel, TestIdentityProviders.alias());
    }

    private void insert(String method, String secret, int trustLevel, String alias) {
        this.jdbc
                .sql(
                        "insert into identity_provider (alias, display_name_zh, display_name_en, region_code, protocol, "
                                + "issuer, client_id, client_secret_encrypted, client_authentication, scopes, claim_mappings, "
                                + "trust_level, enabled, shown_on_login_page, display_order, updated_at, version) values (?, 'z', 'z', "
                                + "'330000', 'OIDC', 'https://idp', 'c', ?, ?, 'openid', '{}', ?, true, true, 0, current_timestamp, 1)")
                .param(alias)
                .param(secret)
                .param(method)
                .param(trustLevel)
                .update();
    }
}
