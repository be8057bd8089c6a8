package cn.yiwang.id.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.yiwang.id.account.crypto.CryptoProperties;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import cn.yiwang.id.account.password.PasswordHashingConfiguration;
import cn.yiwang.id.testsupport.LocalInfrastructure;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The migration and the repository on H2 in PostgreSQL mode, as the embedded default runs them. */
class AccountSchemaH2Tests {

    private JdbcClient jdbc;

    private JdbcAccountRepository accounts;

    @BeforeEach
    void migrate() {
        DataSource dataSource = new SimpleDriverDataSource(
                new org.h2.Driver(),
                "jdbc:h2:mem:" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "sa",
                "");
        // another module's table first: the account migration must still run on a non-empty schema
        JdbcClient.create(dataSource)
                .sql("create table other_module (id integer primary key)")
                .update();
        new AccountSchemaConfiguration().accountFlyway(dataSource).migrate();
        this.jdbc = JdbcClient.create(dataSource);
        Map<String, String> crypto = LocalInfrastructure.testCryptoProperties();
        SensitiveDataProtector protector = new SensitiveDataProtector(new CryptoProperties(
                crypto.get("yiwang.crypto.active-key-id"),
                Map.of("test-2", crypto.get("yiwang.crypto.data-keys.test-2")),
                crypto.get("yiwang.crypto.blind-index-key")));
        this.accounts = new JdbcAccountRepository(
                this.jdbc, protector, new PasswordHashingConfiguration().accountPasswordEncoder());
    }

    @Test
    void migrateWhenH2PostgresModeThenHistoryInModuleTable() {
        assertThat(this.jdbc
                        .sql("select count(*) from flyway_history_account where version = '1' and success")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void createWhenH2ThenFoundByPhoneAndUsername() {
        Account created = this.accounts.create(new NewAccount("Alice", "138 1234 5678", "secret"));
        assertThat(this.accounts.findByLoginName("+86 13812345678")).contains(created);
        assertThat(this.accounts.findByLoginName("ALICE")).contains(created);
        assertThat(this.accounts.findById(created.id())).contains(created);
        assertThat(created.phoneMasked()).isEqualTo("138****5678");
    }

    @Test
    void createWhenUsernameTakenThenDuplicateKey() {
        this.accounts.create(new NewAccount("alice", null, "secret"));
        assertThatExceptionOfType(DuplicateKeyException.class)
                .isThrownBy(() -> this.accounts.create(new NewAccount("Alice", null, "other")));
    }

    @Test
    void insertWhenNoLoginNameThenCheckConstraintRejects() {
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> this.jdbc
                        .sql(
                                "insert into account (id, password_hash, status, created_at, updated_at, password_changed_at) "
                                        + "values (?, 'x', 'ACTIVE', current_timestamp, current_timestamp, current_timestamp)")
                        .param(UUID.randomUUID())
                        .update());
    }

    @Test
    void insertWhenUnknownStatusThenCheckConstraintRejects() {
        assertThatExceptionOfType(DataIntegrityViolationException.class)
                .isThrownBy(() -> this.jdbc
                        .sql("insert into account (id, username, password_hash, status, created_at, updated_at, "
                                + "password_changed_at) values (?, 'bob', 'x', 'BOGUS', current_timestamp, current_timestamp, "
                                + "current_timestamp)")
                        .param(UUID.randomUUID())
                        .update());
    }
}
