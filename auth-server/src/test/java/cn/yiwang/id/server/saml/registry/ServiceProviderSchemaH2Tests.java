package cn.yiwang.id.server.saml.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.saml.SamlNames;
import cn.yiwang.id.saml.metadata.SamlEndpoint;
import cn.yiwang.id.server.config.AuthServerSchemaConfiguration;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The migration and {@link JdbcServiceProviderRepository} on H2 in PostgreSQL mode, as the embedded
 * default runs them (PostgreSQL itself is covered by the admin API's integration test).
 */
class ServiceProviderSchemaH2Tests {

    private JdbcServiceProviderRepository repository;

    @BeforeEach
    void migrate() {
        DataSource dataSource = new SimpleDriverDataSource(
                new org.h2.Driver(),
                "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        new AuthServerSchemaConfiguration().authServerFlyway(dataSource).migrate();
        this.repository = new JdbcServiceProviderRepository(JdbcClient.create(dataSource), Clock.systemUTC());
    }

    @Test
    void createUpdateDeleteWhenH2ThenEverythingReadBackAsWritten() {
        ServiceProvider provider = TestServiceProviders.builder()
                .signedAndEncrypted()
                .assertionConsumerServices(
                        TestServiceProviders.post("https://portal.example.gov.cn/acs", 0, false),
                        TestServiceProviders.post("https://portal.example.gov.cn/acs/2", 3, true))
                .singleLogoutServices(new SamlEndpoint(
                        SamlNames.BINDING_REDIRECT,
                        "https://portal.example.gov.cn/slo",
                        "https://portal.example.gov.cn/slo/response",
                        -1,
                        false))
                .releasedAttributes("phone", "name", "id_number")
                .releaseFullIdNumber(true)
                .metadataUrl("https://portal.example.gov.cn/metadata")
                .build();

        VersionedServiceProvider v1 = this.repository.create(provider);

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.provider().updatedAt()).isNotNull();
        assertThat(this.repository.findByAlias(provider.alias())).contains(v1);
        assertThat(this.repository.findByEntityId(provider.entityId())).contains(v1);
        assertThat(this.repository
                        .findByAlias(provider.alias())
                        .orElseThrow()
                        .provider()
                        .releasedAttributes())
                .as("in the order given")
                .containsExactly("phone", "name", "id_number");
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.repository.create(provider));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .as("one entity ID, one provider")
                .isThrownBy(() -> this.repository.create(provider.withAlias(TestServiceProviders.alias())));

        ServiceProvider plain = TestServiceProviders.builder()
                .alias(provider.alias())
                .singleLogoutServices()
                .releasedAttributes()
                .build();
        VersionedServiceProvider v2 = this.repository.update(plain, 1).orElseThrow();
        assertThat(this.repository.findAll()).containsExactly(v2);
        assertThat(v2.provider().signingCertificates()).isEmpty();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.repository.update(provider, 1));
        assertThat(this.repository.update(TestServiceProviders.serviceProvider(), 1))
                .isEmpty();
        assertThatExceptionOfType(OptimisticLockingFailureException.class)
                .isThrownBy(() -> this.repository.delete(provider.alias(), 1));
        assertThat(this.repository.delete(provider.alias(), 2)).isTrue();
        assertThat(this.repository.delete(provider.alias(), null)).isFalse();
        assertThat(this.repository.findAll()).isEmpty();
    }
}
