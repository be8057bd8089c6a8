package cn.yiwang.id.account.delegation;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which citizens are community agents (代办员), and for which region; administrators flag and unflag them. */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class CommunityAgents {

    private final JdbcClient jdbc;
    private final Clock clock;

    public CommunityAgents(JdbcClient jdbc, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Flags the account as agent for the region, or moves an agent to another region.
     * @return the agent as now recorded
     */
    public CommunityAgent flag(UUID accountId, String region, String flaggedBy) {
        CommunityAgent agent = new CommunityAgent(accountId, region, flaggedBy, this.clock.instant());
        int updated = this.jdbc
                .sql("update community_agent set region = ?, flagged_by = ?, flagged_at = ? where account_id = ?")
                .params(region, flaggedBy, Timestamp.from(agent.flaggedAt()), accountId)
                .update();
        if (updated == 0) {
            this.jdbc
                    .sql("insert into community_agent (account_id, region, flagged_by, flagged_at) values (?, ?, ?, ?)")
                    .params(accountId, region, flaggedBy, Timestamp.from(agent.flaggedAt()))
                    .update();
        }
        return agent;
    }

    /** @return whether the account was an agent */
    public boolean unflag(UUID accountId) {
        return this.jdbc
                        .sql("delete from community_agent where account_id = ?")
                        .param(accountId)
                        .update()
                > 0;
    }

    public Optional<CommunityAgent> find(UUID accountId) {
        return this.jdbc
                .sql("select account_id, region, flagged_by, flagged_at from community_agent where account_id = ?")
                .param(accountId)
                .query((rs, row) -> new CommunityAgent(
                        rs.getObject("account_id", UUID.class),
                        rs.getString("region"),
                        rs.getString("flagged_by"),
                        rs.getTimestamp("flagged_at").toInstant()))
                .optional();
    }
}
