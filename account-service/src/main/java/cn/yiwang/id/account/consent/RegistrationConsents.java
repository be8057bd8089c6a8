package cn.yiwang.id.account.consent;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a citizen accepted at registration: the user agreement and the privacy notice, each with its
 * version and the time (PIPL art. 14: consent given explicitly, and provable).
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class RegistrationConsents {

    public static final String USER_AGREEMENT = "user-agreement";

    public static final String PRIVACY_NOTICE = "privacy-notice";

    private final JdbcClient jdbc;

    private final LegalDocumentsProperties documents;

    private final Clock clock;

    public RegistrationConsents(JdbcClient jdbc, LegalDocumentsProperties documents, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The versions in force, which the registration page shows and records. */
    public LegalDocumentsProperties current() {
        return this.documents;
    }

    /** Records that the account accepted both documents in their current versions, now. */
    public void recordAcceptance(UUID accountId) {
        Timestamp now = Timestamp.from(this.clock.instant());
        insert(accountId, USER_AGREEMENT, this.documents.agreementVersion(), now);
        insert(accountId, PRIVACY_NOTICE, this.documents.privacyNoticeVersion(), now);
    }

    public List<ConsentRecord> forAccount(UUID accountId) {
        return this.jdbc
                .sql("select document, version, accepted_at from account_consent_record where account_id = ? "
                        + "order by accepted_at, document")
                .param(accountId)
                .query((rs, row) -> new ConsentRecord(
                        rs.getString("document"),
                        rs.getString("version"),
                        rs.getTimestamp("accepted_at").toInstant()))
                .list();
    }

    private void insert(UUID accountId, String document, String version, Timestamp at) {
        this.jdbc
                .sql("insert into account_consent_record (account_id, document, version, accepted_at) "
                        + "values (?, ?, ?, ?)")
                .params(accountId, document, version, at)
                .update();
    }
}
