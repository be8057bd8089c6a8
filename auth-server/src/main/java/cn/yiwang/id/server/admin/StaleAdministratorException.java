package cn.yiwang.id.server.admin;

/**
 * A change made against a version of the administrator that is no longer current (someone else saved first):
 * carries the current row so the caller can show what changed.
 */
public final class StaleAdministratorException extends RuntimeException {

    private final transient Administrator current;

    public StaleAdministratorException(Administrator current) {
        super("Administrator " + current.username() + " is now at version " + current.version());
        this.current = current;
    }

    public Administrator current() {
        return this.current;
    }
}
