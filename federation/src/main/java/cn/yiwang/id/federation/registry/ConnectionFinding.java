package cn.yiwang.id.federation.registry;

/**
 * One thing a connection test found, in plain words for an administrator.
 *
 * @param severity how much it matters
 * @param code a stable code, for translations and tests (e.g. {@code discovery-unreachable})
 * @param message what was found and, when something is wrong, what to do
 */
public record ConnectionFinding(Severity severity, String code, String message) {

    /** How much a finding matters. */
    public enum Severity {
        /** Checked and fine. */
        OK,
        /** Works, but something is worth a look. */
        WARNING,
        /** Sign-ins through this provider will fail. */
        ERROR
    }

    static ConnectionFinding ok(String code, String message) {
        return new ConnectionFinding(Severity.OK, code, message);
    }

    static ConnectionFinding warning(String code, String message) {
        return new ConnectionFinding(Severity.WARNING, code, message);
    }

    static ConnectionFinding error(String code, String message) {
        return new ConnectionFinding(Severity.ERROR, code, message);
    }
}
