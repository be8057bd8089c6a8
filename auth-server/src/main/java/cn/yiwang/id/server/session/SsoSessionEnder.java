package cn.yiwang.id.server.session;

/** Ends SSO sessions with everything that goes with it (logout fan-out, token revocation, audit). */
@FunctionalInterface
public interface SsoSessionEnder {

    /**
     * @param sid the session id
     * @param actor who ends it: {@code user}, {@code admin:<name>}, {@code system}, or a client id
     * @param reason why, e.g. logout, timeout, session-cap
     */
    void end(String sid, String actor, String reason);
}
