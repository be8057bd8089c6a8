package cn.yiwang.id.kit.registry;

import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Optimistic versioning of a registry table whose rows are keyed by {@code alias} and carry a
 * {@code version} (identity providers, SAML service providers):
 * conditional deletes, and telling a row that changed meanwhile from one that is gone.
 */
public final class VersionedRows {

    private final JdbcClient jdbc;

    private final String table;

    private final String key;

    private final String noun;

    /**
     * @param table the table (a constant of the caller, never input)
     * @param noun what a row is, for the stale-version message ({@code Identity provider})
     */
    public VersionedRows(JdbcClient jdbc, String table, String noun) {
        this(jdbc, table, "alias", noun);
    }

    /**
     * For a table keyed by another column than {@code alias} (the clients' {@code client_id}).
     * @param table the table (a constant of the caller, never input)
     * @param key the key column (a constant of the caller, never input)
     * @param noun what a row is, for the stale-version message ({@code Client})
     */
    public VersionedRows(JdbcClient jdbc, String table, String key, String noun) {
        this.jdbc = jdbc;
        this.table = table;
        this.key = key;
        this.noun = noun;
    }

    /** Deletes the row, only at that version unless {@code expectedVersion} is null; false when there is none. */
    public boolean delete(String alias, Integer expectedVersion) {
        if (expectedVersion == null) {
            return this.jdbc
                            .sql("delete from " + this.table + " where " + this.key + " = ?")
                            .param(alias)
                            .update()
                    == 1;
        }
        if (this.jdbc
                        .sql("delete from " + this.table + " where " + this.key + " = ? and version = ?")
                        .param(alias)
                        .param(expectedVersion)
                        .update()
                == 1) {
            return true;
        }
        requireAbsent(alias, expectedVersion);
        return false;
    }

    /**
     * After a write at {@code expectedVersion} matched no row: returns when the row is gone, throws
     * {@link OptimisticLockingFailureException} when it exists at another version.
     */
    public void requireAbsent(String alias, int expectedVersion) {
        Optional<Integer> current = this.jdbc
                .sql("select version from " + this.table + " where " + this.key + " = ?")
                .param(alias)
                .query(Integer.class)
                .optional();
        if (current.isPresent()) {
            throw new OptimisticLockingFailureException(this.noun + " '" + alias + "' is at version " + current.get()
                    + ", not " + expectedVersion + ": someone else changed it");
        }
    }
}
