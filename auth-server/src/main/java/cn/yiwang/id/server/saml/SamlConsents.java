package cn.yiwang.id.server.saml;

import java.sql.Timestamp;
import java.time.Clock;

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

    public boolean granted(String entityId, String accountId, String attribute) {
        return this.jdbc.sql("SELECT count(*) FROM saml_consent WHERE entity_id = ? AND account_id = ? "
                + "AND attribute = ?")
            .params(entityId, accountId, attribute)
            .query(Integer.class)
            .single() > 0;
    }

    public void grant(String entityId, String accountId, String attribute) {
        if (granted(entityId, accountId, attribute)) {
            return;
        }
        try {
            this.jdbc.sql("INSERT INTO saml_consent (entity_id, account_id, attribute, granted_at) "
                    + "VALUES (?, ?, ?, ?)")
                .params(entityId, accountId, attribute, Timestamp.from(this.clock.instant()))
                .update();
        }
        catch (DuplicateKeyException ex) {
            // granted at the same moment in another tab: the consent stands either way
        }
    }
}
