package cn.yiwang.id.account.enterprise;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code enterprise} and {@code enterprise_member} tables (account-service V4); the module's own. */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
final class EnterpriseRows {

    private static final String ACTIVE_ROLE_COLUMNS =
            "m.id, m.uscc, e.name, m.role, m.scopes, m.expires_at from enterprise_member m join enterprise e "
                    + "on e.uscc = m.uscc ";

    private final JdbcClient jdbc;

    private final SensitiveDataProtector protector;

    EnterpriseRows(JdbcClient jdbc, SensitiveDataProtector protector) {
        this.jdbc = jdbc;
        this.protector = protector;
    }

    /** The stored enterprise, if any. */
    Optional<StoredEnterprise> find(String uscc) {
        return this.jdbc
                .sql("select uscc, name, status, representative_account, representative_index, checked_at "
                        + "from enterprise where uscc = ?")
                .param(uscc)
                .query((rs, row) -> new StoredEnterprise(
                        rs.getString("uscc"),
                        rs.getString("name"),
                        EnterpriseStatus.of(rs.getString("status")),
                        rs.getObject("representative_account", UUID.class),
                        rs.getString("representative_index"),
                        rs.getTimestamp("checked_at").toInstant()))
                .optional();
    }

    void insertEnterprise(
            RegisteredEnterprise enterprise,
            String organisationType,
            UUID representative,
            String registry,
            String reference,
            Instant now) {
        this.jdbc
                .sql("insert into enterprise (uscc, name, organisation_type, status, representative_account, "
                        + "representative_index, representative_number, representative_name, registry, "
                        + "registry_reference, registered_at, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        enterprise.uscc(),
                        enterprise.name(),
                        organisationType,
                        enterprise.status().code(),
                        representative,
                        numberIndex(enterprise.representativeNumber()),
                        this.protector.encrypt(enterprise.representativeNumber()),
                        this.protector.encrypt(enterprise.representativeName()),
                        registry,
                        reference,
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
    }

    /** Writes what the registry said now; the representative account as decided by the caller. */
    void updateFromRegistry(
            RegisteredEnterprise enterprise, UUID representative, String registry, String reference, Instant now) {
        this.jdbc
                .sql(
                        "update enterprise set name = ?, status = ?, representative_account = ?, representative_index = ?, "
                                + "representative_number = ?, representative_name = ?, registry = ?, registry_reference = ?, "
                                + "checked_at = ? where uscc = ?")
                .params(
                        enterprise.name(),
                        enterprise.status().code(),
                        representative,
                        numberIndex(enterprise.representativeNumber()),
                        this.protector.encrypt(enterprise.representativeNumber()),
                        this.protector.encrypt(enterprise.representativeName()),
                        registry,
                        reference,
                        Timestamp.from(now),
                        enterprise.uscc())
                .update();
    }

    void markInactive(String uscc, EnterpriseStatus status, Instant now) {
        this.jdbc
                .sql("update enterprise set status = ?, checked_at = ? where uscc = ?")
                .params(status.code(), Timestamp.from(now), uscc)
                .update();
    }

    void insertMember(
            UUID id,
            String uscc,
            UUID account,
            EnterpriseRole role,
            List<String> scopes,
            String state,
            UUID grantedBy,
            Instant now,
            Instant expiresAt) {
        this.jdbc
                .sql(
                        "insert into enterprise_member (id, uscc, account_id, role, scopes, state, granted_by, created_at, "
                                + "expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        uscc,
                        account,
                        role.code(),
                        String.join(" ", scopes),
                        state,
                        grantedBy,
                        Timestamp.from(now),
                        (expiresAt != null) ? Timestamp.from(expiresAt) : null)
                .update();
    }

    /** Ends the rows of an account for an enterprise in some role; returns how many ended. */
    int endRole(String uscc, UUID account, EnterpriseRole role, String reason, Instant now) {
        return this.jdbc
                .sql("update enterprise_member set state = 'revoked', ended_at = ?, end_reason = ? "
                        + "where uscc = ? and account_id = ? and role = ? and state <> 'revoked'")
                .params(Timestamp.from(now), reason, uscc, account, role.code())
                .update();
    }

    /** Ends one row if it is not yet ended; returns whether it ended now. */
    boolean endMember(UUID id, String reason, Instant now) {
        return this.jdbc
                        .sql("update enterprise_member set state = 'revoked', ended_at = ?, end_reason = ? "
                                + "where id = ? and state <> 'revoked'")
                        .params(Timestamp.from(now), reason, id)
                        .update()
                == 1;
    }

    /** The accounts with a live row for the enterprise (to tell when it becomes inactive). */
    List<UUID> liveAccounts(String uscc) {
        return this.jdbc
                .sql("select distinct account_id from enterprise_member where uscc = ? and state <> 'revoked'")
                .param(uscc)
                .query(UUID.class)
                .list();
    }

    int endAll(String uscc, String reason, Instant now) {
        return this.jdbc
                .sql("update enterprise_member set state = 'revoked', ended_at = ?, end_reason = ? "
                        + "where uscc = ? and state <> 'revoked'")
                .params(Timestamp.from(now), reason, uscc)
                .update();
    }

    /** The accepted, unexpired roles of an account in active enterprises. */
    List<ActingRole> actingRoles(UUID account, Instant now) {
        return this.jdbc
                .sql("select " + ACTIVE_ROLE_COLUMNS + "where m.account_id = ? and m.state = 'accepted' "
                        + "and e.status = 'active' and (m.expires_at is null or m.expires_at > ?) order by e.name")
                .params(account, Timestamp.from(now))
                .query(EnterpriseRows::actingRole)
                .list();
    }

    Optional<MemberRow> member(UUID id) {
        return this.jdbc
                .sql("select m.id, m.uscc, e.name, m.account_id, m.role, m.scopes, m.state, m.expires_at "
                        + "from enterprise_member m join enterprise e on e.uscc = m.uscc where m.id = ?")
                .param(id)
                .query((rs, row) -> new MemberRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("name"),
                        rs.getObject("account_id", UUID.class),
                        EnterpriseRole.of(rs.getString("role")),
                        scopes(rs.getString("scopes")),
                        rs.getString("state"),
                        instant(rs, "expires_at")))
                .optional();
    }

    /** Agent rows of an enterprise, newest first, with the agent's account. */
    List<MemberRow> agents(String uscc) {
        return this.jdbc
                .sql("select m.id, m.uscc, e.name, m.account_id, m.role, m.scopes, m.state, m.expires_at "
                        + "from enterprise_member m join enterprise e on e.uscc = m.uscc "
                        + "where m.uscc = ? and m.role = 'agent' order by m.created_at desc")
                .param(uscc)
                .query((rs, row) -> new MemberRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("name"),
                        rs.getObject("account_id", UUID.class),
                        EnterpriseRole.AGENT,
                        scopes(rs.getString("scopes")),
                        rs.getString("state"),
                        instant(rs, "expires_at")))
                .list();
    }

    /** Offers made to an account that it has not answered. */
    List<MemberRow> offers(UUID account, Instant now) {
        return this.jdbc
                .sql("select m.id, m.uscc, e.name, m.account_id, m.role, m.scopes, m.state, m.expires_at "
                        + "from enterprise_member m join enterprise e on e.uscc = m.uscc "
                        + "where m.account_id = ? and m.state = 'offered' and e.status = 'active' "
                        + "and (m.expires_at is null or m.expires_at > ?) order by m.created_at")
                .params(account, Timestamp.from(now))
                .query((rs, row) -> new MemberRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("name"),
                        rs.getObject("account_id", UUID.class),
                        EnterpriseRole.of(rs.getString("role")),
                        scopes(rs.getString("scopes")),
                        rs.getString("state"),
                        instant(rs, "expires_at")))
                .list();
    }

    boolean accept(UUID id, UUID account) {
        return this.jdbc
                        .sql("update enterprise_member set state = 'accepted' where id = ? and account_id = ? "
                                + "and state = 'offered'")
                        .params(id, account)
                        .update()
                == 1;
    }

    /** Live rows whose expiry has passed: (id, account, uscc). */
    List<MemberRow> expired(Instant now) {
        return this.jdbc
                .sql("select m.id, m.uscc, e.name, m.account_id, m.role, m.scopes, m.state, m.expires_at "
                        + "from enterprise_member m join enterprise e on e.uscc = m.uscc "
                        + "where m.state <> 'revoked' and m.expires_at is not null and m.expires_at <= ?")
                .param(Timestamp.from(now))
                .query((rs, row) -> new MemberRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("uscc"),
                        rs.getString("name"),
                        rs.getObject("account_id", UUID.class),
                        EnterpriseRole.of(rs.getString("role")),
                        scopes(rs.getString("scopes")),
                        rs.getString("state"),
                        instant(rs, "expires_at")))
                .list();
    }

    /** Enterprises last checked before a time, oldest first. */
    List<String> checkedBefore(Instant before, int limit) {
        return this.jdbc
                .sql("select uscc from enterprise where checked_at < ? and status = 'active' order by checked_at "
                        + "limit " + limit)
                .param(Timestamp.from(before))
                .query(String.class)
                .list();
    }

    /** Enterprises an account has a live row for (for the sign-in re-check). */
    List<String> enterprisesOf(UUID account) {
        return this.jdbc
                .sql("select distinct uscc from enterprise_member where account_id = ? and state <> 'revoked'")
                .param(account)
                .query(String.class)
                .list();
    }

    void eraseAccount(UUID account, Instant now) {
        this.jdbc
                .sql("update enterprise set representative_account = null where representative_account = ?")
                .param(account)
                .update();
        this.jdbc
                .sql("delete from enterprise_member where account_id = ?")
                .param(account)
                .update();
        this.jdbc
                .sql("update enterprise_member set granted_by = null where granted_by = ?")
                .param(account)
                .update();
    }

    String numberIndex(String number) {
        // the same domain as account_identity's, so the representative's account is found by it
        return this.protector.blindIndex("id-number:" + number.toUpperCase(Locale.ROOT));
    }

    private static ActingRole actingRole(ResultSet rs, int row) throws SQLException {
        EnterpriseRole role = EnterpriseRole.of(rs.getString("role"));
        return new ActingRole(
                rs.getObject("id", UUID.class),
                rs.getString("uscc"),
                rs.getString("name"),
                role,
                (role == EnterpriseRole.LEGAL_REPRESENTATIVE) ? BusinessScopes.ALL : scopes(rs.getString("scopes")),
                instant(rs, "expires_at"));
    }

    private static List<String> scopes(String value) {
        return (value == null || value.isBlank())
                ? List.of()
                : Arrays.asList(value.trim().split(" "));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return (value != null) ? value.toInstant() : null;
    }

    /** A stored enterprise. */
    record StoredEnterprise(
            String uscc,
            String name,
            EnterpriseStatus status,
            UUID representative,
            String representativeIndex,
            Instant checkedAt) {}

    /** A stored member row. */
    record MemberRow(
            UUID id,
            String uscc,
            String enterpriseName,
            UUID account,
            EnterpriseRole role,
            List<String> scopes,
            String state,
            Instant expiresAt) {}
}
