package cn.yiwang.id.server.admin;

import cn.yiwang.id.server.permission.AdminRole;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code administrators} table. Changes that an administrator makes check the row's version. */
@Repository
@DependsOn("authServerFlyway")
public class AdministratorRepository {

    private static final String COLUMNS = "username, display_name, role, password_hash, totp_secret_encrypted, "
            + "totp_enrolled, totp_last_step, failed_attempts, locked_until, enabled, version, created_at, created_by, "
            + "updated_at";

    private final JdbcClient jdbc;

    public AdministratorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Administrator> find(String username) {
        return this.jdbc
                .sql("select " + COLUMNS + " from administrators where username = ?")
                .param(username)
                .query(AdministratorRepository::row)
                .optional();
    }

    /** Every administrator, by name. */
    public List<Administrator> findAll() {
        return this.jdbc
                .sql("select " + COLUMNS + " from administrators order by username")
                .query(AdministratorRepository::row)
                .list();
    }

    /** Adds one; false when the name is taken. */
    public boolean insert(Administrator administrator) {
        if (find(administrator.username()).isPresent()) {
            return false;
        }
        this.jdbc
                .sql("insert into administrators (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        administrator.username(),
                        administrator.displayName(),
                        administrator.role().name(),
                        administrator.passwordHash(),
                        administrator.totpSecretEncrypted(),
                        administrator.totpEnrolled(),
                        administrator.totpLastStep(),
                        administrator.failedAttempts(),
                        timestamp(administrator.lockedUntil()),
                        administrator.enabled(),
                        administrator.version(),
                        timestamp(administrator.createdAt()),
                        administrator.createdBy(),
                        timestamp(administrator.updatedAt()))
                .update();
        return true;
    }

    /** Changes name shown, role and enabled flag if the row is still at {@code version}; false otherwise. */
    public boolean update(
            String username, String displayName, AdminRole role, boolean enabled, int version, Instant now) {
        return this.jdbc
                        .sql(
                                "update administrators set display_name = ?, role = ?, enabled = ?, version = version + 1, "
                                        + "updated_at = ? where username = ? and version = ?")
                        .params(displayName, role.name(), enabled, timestamp(now), username, version)
                        .update()
                == 1;
    }

    /** Counts a wrong password or code, and locks until {@code lockUntil} when it is given. */
    public void recordFailure(String username, Instant lockUntil) {
        this.jdbc
                .sql("update administrators set failed_attempts = failed_attempts + 1, "
                        + "locked_until = coalesce(?, locked_until) where username = ?")
                .params(timestamp(lockUntil), username)
                .update();
    }

    /** A successful sign-in (or the end of a lock) starts counting again. */
    public void clearFailures(String username) {
        this.jdbc
                .sql("update administrators set failed_attempts = 0, locked_until = null where username = ?")
                .param(username)
                .update();
    }

    /** Stores the enrolled authenticator and the step of its first code. */
    public void enrolTotp(String username, String secretEncrypted, long step, Instant now) {
        this.jdbc
                .sql("update administrators set totp_secret_encrypted = ?, totp_enrolled = true, totp_last_step = ?, "
                        + "updated_at = ? where username = ?")
                .params(secretEncrypted, step, timestamp(now), username)
                .update();
    }

    /**
     * Uses a TOTP step: compare-and-set, so of two requests racing with one code one wins.
     * @return false when that step (or a later one) was already used
     */
    public boolean useTotpStep(String username, long step) {
        return this.jdbc
                        .sql("update administrators set totp_last_step = ? where username = ? and totp_last_step < ?")
                        .params(step, username, step)
                        .update()
                == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return (instant != null) ? Timestamp.from(instant) : null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return (value != null) ? value.toInstant() : null;
    }

    private static Administrator row(ResultSet rs, int row) throws SQLException {
        return new Administrator(
                rs.getString("username"),
                rs.getString("display_name"),
                AdminRole.valueOf(rs.getString("role")),
                rs.getString("password_hash"),
                rs.getString("totp_secret_encrypted"),
                rs.getBoolean("totp_enrolled"),
                rs.getLong("totp_last_step"),
                rs.getInt("failed_attempts"),
                instant(rs, "locked_until"),
                rs.getBoolean("enabled"),
                rs.getInt("version"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "updated_at"));
    }
}
