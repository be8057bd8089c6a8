package cn.yiwang.id.server.api;

import cn.yiwang.id.server.logout.SsoSessionTerminator;
import cn.yiwang.id.server.session.SsoSessionRecord;
import cn.yiwang.id.server.session.SsoSessionStore;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Lists and ends the SSO sessions of an account, for the account owner and for administrators. */
@Service
public final class SessionManagement {

    private final SsoSessionStore sessions;
    private final SsoSessionTerminator terminator;

    public SessionManagement(SsoSessionStore sessions, SsoSessionTerminator terminator) {
        this.sessions = sessions;
        this.terminator = terminator;
    }

    public List<SessionView> list(String accountId, String currentSid) {
        return this.sessions.listForAccount(accountId).stream()
                .map((record) -> SessionView.of(
                        record, this.sessions.clientsOf(record.session().sid()), currentSid))
                .toList();
    }

    /** Ends one session of the account; false when the account has no such live session. */
    public boolean end(String accountId, String sid, String actor, String reason) {
        Optional<SsoSessionRecord> session = this.sessions.find(sid);
        if (session.isEmpty() || !session.get().session().accountId().equals(accountId)) {
            return false;
        }
        this.terminator.end(sid, actor, reason);
        return true;
    }

    /** Ends every session of the account but one (the browser asking); returns how many ended. */
    public int endOthers(String accountId, String keepSid, String actor, String reason) {
        List<SsoSessionRecord> others = this.sessions.listForAccount(accountId).stream()
                .filter((record) -> !record.session().sid().equals(keepSid))
                .toList();
        others.forEach((record) -> this.terminator.end(record.session().sid(), actor, reason));
        return others.size();
    }

    /** Ends every session of the account; returns how many there were. */
    public int endAll(String accountId, String actor, String reason) {
        List<SsoSessionRecord> live = this.sessions.listForAccount(accountId);
        live.forEach((record) -> this.terminator.end(record.session().sid(), actor, reason));
        return live.size();
    }
}
