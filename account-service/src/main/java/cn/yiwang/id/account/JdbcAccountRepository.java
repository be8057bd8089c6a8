package cn.yiwang.id.account;

import cn.yiwang.id.account.crypto.Masking;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** {@link AccountRepository} on the {@code account} table, for PostgreSQL and H2 (PostgreSQL mode). */
// @Component rather than @Repository: exception translation would proxy this final class
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class JdbcAccountRepository implements AccountRepository {

    private static final String COLUMNS =
            "id, username, phone_encrypted, password_hash, status, created_at, " + "updated_at, password_changed_at";

    private final JdbcClient jdbc;

    private final SensitiveDataProtector protector;

    private final PasswordEncoder passwordEncoder;

    public JdbcAccountRepository(
            JdbcClient jdbc,
            SensitiveDataProtector protector,
            @Qualifier("accountPasswordEncoder") PasswordEncoder passwordEncoder) {
        this.jdbc = jdbc;
        this.protector = protector;
        this.passwordEncoder = passwordEncoder;
    }

    @Override
    public Optional<Account> findById(UUID id) {
        return this.jdbc
                .sql("select " + COLUMNS + " from account where id = ?")
                .param(id)
                .query(this::mapRow)
                .optional();
    }

    @Override
    public Optional<String> phoneNumber(UUID id) {
        return this.jdbc
                .sql("select phone_encrypted from account where id = ? and phone_encrypted is not null")
                .param(id)
                .query(String.class)
                .optional()
                .map(this.protector::decrypt);
    }

    @Override
    public Optional<Account> findByLoginName(String loginName) {
        Optional<String> phone = LoginNames.mobilePhone(loginName);
        if (phone.isPresent()) {
            return this.jdbc
                    .sql("select " + COLUMNS + " from account where phone_index = ?")
                    .param(this.protector.blindIndex(phone.get()))
                    .query(this::mapRow)
                    .optional();
        }
        String username = LoginNames.normalise(loginName);
        if (username.isEmpty()) {
            return Optional.empty();
        }
        return this.jdbc
                .sql("select " + COLUMNS + " from account where username = ?")
                .param(username)
                .query(this::mapRow)
                .optional();
    }

    @Override
    public Account create(NewAccount newAccount) {
        String username = isBlank(newAccount.username()) ? null : LoginNames.username(newAccount.username());
        String phone = null;
        if (!isBlank(newAccount.phone())) {
            phone = LoginNames.mobilePhone(newAccount.phone())
                    .orElseThrow(() -> new IllegalArgumentException("Not a mainland mobile number"));
        }
        Instant now = now();
        Account account = new Account(
                UUID.randomUUID(),
                username,
                Masking.phone(phone),
                this.passwordEncoder.encode(newAccount.rawPassword()),
                AccountStatus.ACTIVE,
                now,
                now,
                now);
        this.jdbc
                .sql("insert into account (id, username, phone_index, phone_encrypted, password_hash, status, "
                        + "created_at, updated_at, password_changed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .param(account.id())
                .param(username)
                .param((phone != null) ? this.protector.blindIndex(phone) : null)
                .param((phone != null) ? this.protector.encrypt(phone) : null)
                .param(account.passwordHash())
                .param(account.status().name())
                .param(timestamp(now))
                .param(timestamp(now))
                .param(timestamp(now))
                .update();
        return account;
    }

    @Override
    public boolean updateStatus(UUID id, AccountStatus status) {
        return this.jdbc
                        .sql("update account set status = ?, updated_at = ? where id = ?")
                        .param(status.name())
                        .param(timestamp(now()))
                        .param(id)
                        .update()
                == 1;
    }

    @Override
    public boolean updateStatusIfUnchanged(UUID id, AccountStatus status, Instant expectedUpdatedAt) {
        Instant now = now();
        // the new version must differ from the old even within one microsecond
        Instant next = now.isAfter(expectedUpdatedAt) ? now : expectedUpdatedAt.plus(1, ChronoUnit.MICROS);
        return this.jdbc
                        .sql("update account set status = ?, updated_at = ? where id = ? and updated_at = ?")
                        .param(status.name())
                        .param(timestamp(next))
                        .param(id)
                        .param(timestamp(expectedUpdatedAt))
                        .update()
                == 1;
    }

    @Override
    public boolean updatePasswordHash(UUID id, String expectedHash, String newHash) {
        return this.jdbc
                        .sql("update account set password_hash = ?, updated_at = ? where id = ? and password_hash = ?")
                        .param(newHash)
                        .param(timestamp(now()))
                        .param(id)
                        .param(expectedHash)
                        .update()
                == 1;
    }

    @Override
    public boolean changePassword(UUID id, String rawPassword) {
        OffsetDateTime now = timestamp(now());
        return this.jdbc
                        .sql(
                                "update account set password_hash = ?, updated_at = ?, password_changed_at = ? where id = ?")
                        .param(this.passwordEncoder.encode(rawPassword))
                        .param(now)
                        .param(now)
                        .param(id)
                        .update()
                == 1;
    }

    @Override
    public boolean changePhone(UUID id, String phone) {
        String number = LoginNames.mobilePhone(phone)
                .orElseThrow(() -> new IllegalArgumentException("Not a mainland mobile number"));
        return this.jdbc
                        .sql("update account set phone_index = ?, phone_encrypted = ?, updated_at = ? where id = ?")
                        .param(this.protector.blindIndex(number))
                        .param(this.protector.encrypt(number))
                        .param(timestamp(now()))
                        .param(id)
                        .update()
                == 1;
    }

    private Account mapRow(ResultSet rs, int rowNum) throws SQLException {
        String phoneEncrypted = rs.getString("phone_encrypted");
        String phoneMasked = (phoneEncrypted != null) ? Masking.phone(this.protector.decrypt(phoneEncrypted)) : null;
        return new Account(
                rs.getObject("id", UUID.class),
                rs.getString("username"),
                phoneMasked,
                rs.getString("password_hash"),
                AccountStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "password_changed_at"));
    }

    // PostgreSQL keeps microseconds; truncating here makes a created Account equal to the one read back
    private Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    // OffsetDateTime, not Instant: it is the java.time type both the PostgreSQL and H2 drivers bind
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return (value != null) ? value.toInstant() : null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
