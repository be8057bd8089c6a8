package cn.yiwang.id.account.realname;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import cn.yiwang.id.account.crypto.SensitiveDataProtector;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real-name identities and levels of assurance: stores a confirmed identity (encrypted, with a blind
 * index that keeps it to one account), records the evidence behind each level, and answers an
 * account's level (the highest level with evidence; L1 for any registered account).
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class RealNameRegistry {

    private final JdbcClient jdbc;

    private final SensitiveDataProtector protector;

    private final TransactionTemplate transactions;

    private final Clock clock;

    public RealNameRegistry(
            JdbcClient jdbc,
            SensitiveDataProtector protector,
            TransactionTemplate transactions,
            Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.protector = protector;
        this.transactions = transactions;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    public AssuranceLevel level(UUID accountId) {
        Integer level = this.jdbc
                .sql("select max(level) from assurance_evidence where account_id = ?")
                .param(accountId)
                .query(Integer.class)
                .optional()
                .orElse(null);
        return (level != null) ? AssuranceLevel.of(level) : AssuranceLevel.L1;
    }

    public List<AssuranceEvidence> evidenceOf(UUID accountId) {
        return this.jdbc
                .sql("select level, method, verifier, reference, operator, verified_at from assurance_evidence "
                        + "where account_id = ? order by verified_at")
                .param(accountId)
                .query((rs, row) -> new AssuranceEvidence(
                        AssuranceLevel.of(rs.getInt("level")),
                        rs.getString("method"),
                        rs.getString("verifier"),
                        rs.getString("reference"),
                        rs.getString("operator"),
                        rs.getTimestamp("verified_at").toInstant()))
                .list();
    }

    /** Whether another account already holds this document number. */
    public boolean isRegisteredToAnother(UUID accountId, String normalisedNumber) {
        return this.jdbc
                .sql("select account_id from account_identity where number_index = ?")
                .param(numberIndex(normalisedNumber))
                .query(UUID.class)
                .optional()
                .filter((owner) -> !owner.equals(accountId))
                .isPresent();
    }

    /** The account a document number is registered to, found through its blind index. */
    public Optional<UUID> accountWithNumber(String normalisedNumber) {
        return this.jdbc
                .sql("select account_id from account_identity where number_index = ?")
                .param(numberIndex(normalisedNumber))
                .query(UUID.class)
                .optional();
    }

    public Optional<VerifiedIdentity> identityOf(UUID accountId) {
        return this.jdbc
                .sql(
                        "select document_type, number_encrypted, name_encrypted from account_identity where account_id = ?")
                .param(accountId)
                .query((rs, row) -> new VerifiedIdentity(
                        rs.getString("document_type"),
                        this.protector.decrypt(rs.getString("number_encrypted")),
                        this.protector.decrypt(rs.getString("name_encrypted"))))
                .optional();
    }

    /**
     * Stores a confirmed identity with the evidence that confirmed it, both or neither.
     * @throws IdentityAlreadyRegisteredException when the number belongs to another account
     */
    public void recordIdentity(UUID accountId, VerifiedIdentity identity, AssuranceEvidence evidence) {
        try {
            this.transactions.executeWithoutResult((status) -> {
                this.jdbc
                        .sql("delete from account_identity where account_id = ?")
                        .param(accountId)
                        .update();
                this.jdbc
                        .sql("insert into account_identity (account_id, document_type, number_index, number_encrypted, "
                                + "name_encrypted, created_at) values (?, ?, ?, ?, ?, ?)")
                        .params(
                                accountId,
                                identity.documentType(),
                                numberIndex(identity.number()),
                                this.protector.encrypt(identity.number()),
                                this.protector.encrypt(identity.realName()),
                                Timestamp.from(this.clock.instant()))
                        .update();
                insertEvidence(accountId, evidence);
            });
        } catch (DuplicateKeyException ex) {
            throw new IdentityAlreadyRegisteredException();
        }
    }

    public void recordEvidence(UUID accountId, AssuranceEvidence evidence) {
        insertEvidence(accountId, evidence);
    }

    private void insertEvidence(UUID accountId, AssuranceEvidence evidence) {
        this.jdbc
                .sql("insert into assurance_evidence (id, account_id, level, method, verifier, reference, operator, "
                        + "verified_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        UUID.randomUUID(),
                        accountId,
                        evidence.level().value(),
                        evidence.method(),
                        evidence.verifier(),
                        evidence.reference(),
                        evidence.operator(),
                        Timestamp.from(evidence.verifiedAt()))
                .update();
    }

    private String numberIndex(String normalisedNumber) {
        // Domain-separated from the phone index, though the formats could never collide anyway.
        return this.protector.blindIndex("id-number:" + normalisedNumber.toUpperCase(Locale.ROOT));
    }
}
