package cn.yiwang.id.server.session;

import java.time.Instant;
import java.util.List;

/**
 * One browser's single sign-on session: who signed in, when and how.
 *
 * @param sid public session identifier published as the {@code sid} claim (never the cookie value)
 * @param accountId the account that signed in, also the {@code sub} given to relying parties
 * @param authTime when the user last actively authenticated (OIDC {@code auth_time})
 * @param amr authentication methods used, RFC 8176 values
 * @param acr level of assurance reached in this session
 * @param expiresAt absolute end of the session, whatever the activity
 * @param actorId in a session where a community agent acts for the citizen {@code accountId}: the agent's
 *     account (the {@code act} claim, RFC 8693 §4.1); null otherwise
 * @param delegationId in such a session: the citizen's delegation it lives on; null otherwise
 */
public record SsoSession(
        String sid,
        String accountId,
        Instant authTime,
        List<String> amr,
        String acr,
        Instant expiresAt,
        String actorId,
        String delegationId) {

    public SsoSession {
        amr = List.copyOf(amr);
    }

    /** A citizen's own session. */
    public SsoSession(String sid, String accountId, Instant authTime, List<String> amr, String acr, Instant expiresAt) {
        this(sid, accountId, authTime, amr, acr, expiresAt, null, null);
    }

    /** Whether someone else (a community agent) acts for the account in this session. */
    public boolean isActing() {
        return this.actorId != null;
    }
}
