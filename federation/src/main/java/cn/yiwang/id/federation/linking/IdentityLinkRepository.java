package cn.yiwang.id.federation.linking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code identity_link} table (owned by the federation module). */
@Component
@DependsOn("federationFlyway")
public final class IdentityLinkRepository {

    private final JdbcClient jdbc;

    public IdentityLinkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<IdentityLink> find(String idpAlias, String upstreamSubject) {
        return this.jdbc
                .sql("select * from identity_link where idp_alias = ? and upstream_subject = ?")
                .params(idpAlias, upstreamSubject)
                .query((rs, row) -> new IdentityLink(
                        rs.getString("idp_alias"),
                        rs.getString("upstream_subject"),
                        rs.getObject("account_id", UUID.class),
                        rs.getTimestamp("linked_at").toInstant(),
                        rs.getTimestamp("last_login_at").toInstant()))
                .optional();
    }

    public List<IdentityLink> forAccount(UUID accountId) {
        return this.jdbc
                .sql("select * from identity_link where account_id = ? order by linked_at")
                .param(accountId)
                .query((rs, row) -> new IdentityLink(
                        rs.getString("idp_alias"),
                        rs.getString("upstream_subject"),
                        rs.getObject("account_id", UUID.class),
                        rs.getTimestamp("linked_at").toInstant(),
                        rs.getTimestamp("last_login_at").toInstant()))
                .list();
    }

    /** Links; returns the account the identity ends up linked to (another node may have won the race). */
    public UUID link(String idpAlias, String upstreamSubject, UUID accountId, Instant now) {
        try {
            this.jdbc
                    .sql(
                            "insert into identity_link (idp_alias, upstream_subject, account_id, linked_at, last_login_at) "
                                    + "values (?, ?, ?, ?, ?)")
                    .params(idpAlias, upstreamSubject, accountId, Timestamp.from(now), Timestamp.from(now))
                    .update();
            return accountId;
        } catch (DuplicateKeyException ex) {
            return find(idpAlias, upstreamSubject).map(IdentityLink::accountId).orElseThrow(() -> ex);
        }
    }

    public void touch(String idpAlias, String upstreamSubject, Instant now) {
        this.jdbc
                .sql("update identity_link set last_login_at = ? where idp_alias = ? and upstream_subject = ?")
                .params(Timestamp.from(now), idpAlias, upstreamSubject)
                .update();
    }

    public boolean unlink(UUID accountId, String idpAlias) {
        return this.jdbc
                        .sql("delete from identity_link where account_id = ? and idp_alias = ?")
                        .params(accountId, idpAlias)
                        .update()
                > 0;
    }
}
