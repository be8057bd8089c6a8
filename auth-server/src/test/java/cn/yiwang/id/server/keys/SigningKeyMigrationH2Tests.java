package cn.yiwang.id.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yiwang.id.saml.Certificates;
import cn.yiwang.id.server.config.AuthServerSchemaConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upgrading a server whose keys predate roles (one RS256 and one ES256 OIDC key, one SAML key for everything): the
 * OIDC keys and the SAML key keep signing, the SAML service provider's new roles start from a copy of the SAML key
 * (the provinces know its certificate) and get fresh keys of their own that take over once published long enough.
 */
class SigningKeyMigrationH2Tests {

    private static final String MASTER_KEY = "dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=";

    private static final Duration PUBLICATION = Duration.ofDays(7);

    @Test
    void migrateWhenKeysPredateRolesThenTheyKeepSigningAndTheServiceProviderRolesGetTheirOwnNextKeys()
            throws Exception {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/authserver")
                .table("flyway_history_authserver")
                .target("4")
                .load()
                .migrate();
        Instant created = Instant.now().minus(Duration.ofDays(30));
        JWK rs256 = new RSAKeyGenerator(2048)
                .keyID("rs256-legacy")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        JWK es256 = new ECKeyGenerator(Curve.P_256)
                .keyID("es256-legacy")
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate();
        RSAKey saml = new RSAKeyGenerator(2048)
                .keyID("saml-legacy")
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        saml = new RSAKey.Builder(saml)
                .x509CertChain(List.of(Base64.encode(Certificates.selfSigned(
                                new KeyPair(saml.toPublicKey(), saml.toPrivateKey()),
                                "Yiwang ID SAML",
                                created,
                                Duration.ofDays(3650))
                        .getEncoded())))
                .build();
        MasterKeyCipher cipher = new MasterKeyCipher(MASTER_KEY);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        for (Object[] row : List.of(
                new Object[] {rs256, "RS256"}, new Object[] {es256, "ES256"}, new Object[] {saml, "SAML-RS256"})) {
            JWK key = (JWK) row[0];
            jdbc.sql("INSERT INTO signing_key (kid, algorithm, public_jwk, private_key_encrypted, status, created_at) "
                            + "VALUES (?, ?, ?, ?, 'ACTIVE', ?)")
                    .params(
                            key.getKeyID(),
                            row[1],
                            key.toPublicJWK().toJSONString(),
                            cipher.encrypt(key.toJSONString()),
                            Timestamp.from(created))
                    .update();
        }

        new AuthServerSchemaConfiguration().authServerFlyway(dataSource).migrate();
        SigningKeyProperties properties = new SigningKeyProperties(
                MASTER_KEY, Duration.ofDays(90), PUBLICATION, Duration.ofDays(7), Duration.ofMinutes(10));
        Instant now = Instant.now();
        try (SigningKeys keys = new SigningKeys(
                new SigningKeyStore(
                        jdbc,
                        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                        properties,
                        java.time.Clock.systemUTC()),
                properties,
                java.time.Clock.systemUTC())) {

            assertThat(keys.active(KeyRole.OIDC_SIGNING, "RS256").kid()).isEqualTo("rs256-legacy");
            assertThat(keys.active(KeyRole.OIDC_SIGNING, "ES256").kid()).isEqualTo("es256-legacy");
            assertThat(keys.active(KeyRole.SAML_IDP_SIGNING, "RS256").kid()).isEqualTo("saml-legacy");
            for (KeyRole role : List.of(KeyRole.SAML_SP_SIGNING, KeyRole.SAML_SP_DECRYPTION)) {
                String algorithm = role.algorithms().get(0).getName();
                StoredKey active = keys.active(role, algorithm);
                assertThat(active.jwk().toRSAKey().toPublicKey())
                        .as("%s starts from the key the provinces know", role)
                        .isEqualTo(saml.toPublicKey());
                List<StoredKey> line = keys.ring().of(role, algorithm);
                assertThat(line).hasSize(2);
                StoredKey next = line.get(1);
                assertThat(next.jwk().toRSAKey().toPublicKey())
                        .as("%s gets a key of its own", role)
                        .isNotEqualTo(saml.toPublicKey());
                assertThat(next.activatesAt()).isAfterOrEqualTo(now.plus(PUBLICATION));
                assertThat(next.certificate()).isNotNull();
            }
            assertThat(keys.ring()
                            .of(KeyRole.SAML_SP_SIGNING, "RS256")
                            .get(1)
                            .jwk()
                            .toRSAKey()
                            .toPublicKey())
                    .isNotEqualTo(keys.ring()
                            .of(KeyRole.SAML_SP_DECRYPTION, "RSA-OAEP-256")
                            .get(1)
                            .jwk()
                            .toRSAKey()
                            .toPublicKey());
        }
    }
}
