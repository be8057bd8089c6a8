package cn.yiwang.id.server.saml;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The citizen's standing consents to SAML service providers, per sensitive attribute (today the
 * full ID number): asked once, remembered in PostgreSQL (table {@code saml_consent}).
 */
public final class SamlConsents {

    private final JdbcClient jdbc;
    private final Clock clock;

    public SamlConsents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One standing consent. */
    public record Granted(String entityId, String attribute, Instant grantedAt) {}

    public List<Granted> forAccount(String accountId) {
        return this.jdbc
                .sql("SELECT entity_id, attribute, granted_at FROM saml_consent WHERE account_id = ? "
                        + "ORDER BY granted_at, entity_id")
                .param(accountId)
                .query((rs, row) -> new Granted(
                        rs.getString("entity_id"),
                        rs.getString("attribute"),
                        rs.getObject("granted_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Withdraws every consent the account gave this SP; false when there was none. */
    public boolean withdraw(String entityId, String accountId) {
        return this.jdbc
                        .sql("DELETE FROM saml_consent WHERE entity_id = ? AND account_id = ?")
                        .params(entityId, accountId)
                        .update()
                > 0;
    }

    public boolean granted(String entityId, String accountId, String attribute) {
        return this.jdbc
                        .sql("SELECT count(*) FROM saml_consent WHERE entity_id = ? AND account_id = ? "
                                + "AND attribute = ?")
                        .params(entityId, accountId, attribute)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    public void grant(String entityId, String accountId, String attribute) {
        try {
            this.jdbc
                    .sql("INSERT INTO saml_consent (entity_id, account_id, attribute, granted_at) "
                            + "VALUES (?, ?, ?, ?)")
                    .params(entityId, accountId, attribute, Timestamp.from(this.clock.instant()))
                    .update();
        } catch (DuplicateKeyException ex) {
            // granted before (or at the same moment in another tab): the consent stands either way
        }
    }
}
