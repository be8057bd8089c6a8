package cn.yiwang.id.account.delegation;

import cn.yiwang.id.account.AccountSchemaConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delegations from citizens to community agents: the agent asks, the citizen approves or refuses through a
 * one-time link sent to their own phone, and the citizen (or the agent) ends it, or it expires. State changes
 * are compare-and-set on the status, so a link used twice or an end racing an approval changes nothing twice.
 */
@Component
@DependsOn(AccountSchemaConfiguration.FLYWAY_BEAN)
public final class AgentDelegations {

    /** How long the citizen's approval link works. */
    public static final Duration APPROVAL_WINDOW = Duration.ofMinutes(15);

    private static final String COLUMNS = "id, agent_id, citizen_id, region, scopes, duration_seconds, status,"
            + " requested_at, approve_before, approved_at, expires_at, ended_at, ended_by, acting_sid";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AgentDelegations(JdbcClient jdbc, Optional<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** A delegation just asked for, with the secret of the citizen's approval link (never stored). */
    public record Requested(Delegation delegation, String approvalToken) {}

    /**
     * The agent asks to act for the citizen.
     * @throws IllegalArgumentException for no scope, a duration not positive or above 24 hours, or an agent
     *     asking for themselves
     */
    public Requested request(CommunityAgent agent, UUID citizenId, List<String> scopes, Duration duration) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Delegation.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be positive and at most 24 hours");
        }
        if (agent.accountId().equals(citizenId)) {
            throw new IllegalArgumentException("an agent cannot act for themselves");
        }
        Instant now = this.clock.instant();
        String token = randomToken();
        Delegation delegation = new Delegation(
                UUID.randomUUID(),
                agent.accountId(),
                citizenId,
                agent.region(),
                scopes,
                duration,
                DelegationStatus.PENDING,
                now,
                now.plus(APPROVAL_WINDOW),
                null,
                null,
                null,
                null,
                null);
        this.jdbc
                .sql(
                        "insert into agent_delegation (id, agent_id, citizen_id, region, scopes, duration_seconds,"
                                + " status, approval_digest, requested_at, approve_before) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        delegation.id(),
                        delegation.agentId(),
                        citizenId,
                        delegation.region(),
                        String.join(" ", scopes),
                        (int) duration.toSeconds(),
                        DelegationStatus.PENDING.name(),
                        digest(token),
                        Timestamp.from(now),
                        Timestamp.from(delegation.approveBefore()))
                .update();
        return new Requested(delegation, token);
    }

    /** The delegation an approval link names, while it still awaits the citizen's answer. */
    public Optional<Delegation> awaitingApproval(String approvalToken) {
        if (approvalToken == null || approvalToken.isEmpty() || approvalToken.length() > 100) {
            return Optional.empty();
        }
        Instant now = this.clock.instant();
        return this.jdbc
                .sql("select " + COLUMNS + " from agent_delegation where approval_digest = ?")
                .param(digest(approvalToken))
                .query(AgentDelegations::row)
                .optional()
                .filter((d) -> d.awaitingApproval(now));
    }

    /** The citizen approves through the link: the delegation is in force from now for its duration. */
    public Optional<Delegation> approve(String approvalToken) {
        return awaitingApproval(approvalToken).flatMap((d) -> {
            Instant now = this.clock.instant();
            int updated = this.jdbc
                    .sql("update agent_delegation set status = 'ACTIVE', approval_digest = null, approved_at = ?,"
                            + " expires_at = ? where id = ? and status = 'PENDING'")
                    .params(Timestamp.from(now), Timestamp.from(now.plus(d.duration())), d.id())
                    .update();
            return (updated == 1) ? find(d.id()) : Optional.empty();
        });
    }

    /** The citizen refuses through the link. */
    public Optional<Delegation> refuse(String approvalToken) {
        return awaitingApproval(approvalToken).flatMap((d) -> {
            int updated = this.jdbc
                    .sql("update agent_delegation set status = 'REFUSED', approval_digest = null"
                            + " where id = ? and status = 'PENDING'")
                    .param(d.id())
                    .update();
            return (updated == 1) ? find(d.id()) : Optional.empty();
        });
    }

    /**
     * Ends a pending or active delegation early.
     * @return the delegation as it ended, or empty when it was not pending or active
     */
    public Optional<Delegation> end(UUID id, String endedBy) {
        int updated = this.jdbc
                .sql("update agent_delegation set status = 'ENDED', approval_digest = null, ended_at = ?, ended_by = ?"
                        + " where id = ? and status in ('PENDING', 'ACTIVE')")
                .params(Timestamp.from(this.clock.instant()), endedBy, id)
                .update();
        return (updated == 1) ? find(id) : Optional.empty();
    }

    /** Records the SSO session in which the agent now acts for the citizen. */
    public void actingIn(UUID id, String sid) {
        this.jdbc
                .sql("update agent_delegation set acting_sid = ? where id = ?")
                .params(sid, id)
                .update();
    }

    public Optional<Delegation> find(UUID id) {
        return this.jdbc
                .sql("select " + COLUMNS + " from agent_delegation where id = ?")
                .param(id)
                .query(AgentDelegations::row)
                .optional();
    }

    /** Whether the delegation with this id is in force now; false for an unknown or malformed id. */
    public boolean inForce(String id) {
        try {
            return find(UUID.fromString(id))
                    .map((d) -> d.inForce(this.clock.instant()))
                    .orElse(false);
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /** The citizen's delegations, newest first. */
    public List<Delegation> forCitizen(UUID citizenId) {
        return this.jdbc
                .sql("select " + COLUMNS + " from agent_delegation where citizen_id = ? order by requested_at desc")
                .param(citizenId)
                .query(AgentDelegations::row)
                .list();
    }

    /** The agent's delegations, newest first. */
    public List<Delegation> forAgent(UUID agentId) {
        return this.jdbc
                .sql("select " + COLUMNS + " from agent_delegation where agent_id = ? order by requested_at desc")
                .param(agentId)
                .query(AgentDelegations::row)
                .list();
    }

    private static Delegation row(ResultSet rs, int row) throws SQLException {
        return new Delegation(
                rs.getObject("id", UUID.class),
                rs.getObject("agent_id", UUID.class),
                rs.getObject("citizen_id", UUID.class),
                rs.getString("region"),
                Arrays.asList(rs.getString("scopes").split(" ")),
                Duration.ofSeconds(rs.getInt("duration_seconds")),
                DelegationStatus.valueOf(rs.getString("status")),
                instant(rs, "requested_at"),
                instant(rs, "approve_before"),
                instant(rs, "approved_at"),
                instant(rs, "expires_at"),
                instant(rs, "ended_at"),
                rs.getString("ended_by"),
                rs.getString("acting_sid"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return (value != null) ? value.toInstant() : null;
    }

    private String randomToken() {
        byte[] buffer = new byte[24];
        this.random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
