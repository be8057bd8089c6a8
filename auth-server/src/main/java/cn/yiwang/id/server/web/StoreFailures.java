package cn.yiwang.id.server.web;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a store outage (Redis or PostgreSQL unreachable, too slow, or gone mid-statement) from any other failure: an
 * outage is never the client's fault, so it is answered 503 {@code temporarily_unavailable} with
 * {@code Retry-After}, and logged once at WARN without a stack trace.
 */
public final class StoreFailures {

    /** The {@code dependency} tag of the {@code yiwang.unavailable} counter for Redis. */
    public static final String REDIS = "redis";

    /** The {@code dependency} tag of the {@code yiwang.unavailable} counter for PostgreSQL. */
    public static final String DATABASE = "database";

    private StoreFailures() {}

    /**
     * Which store, if any, the failure says is unavailable.
     * @param failure what was thrown
     * @return {@link #REDIS}, {@link #DATABASE}, or {@code null} when it is not a store outage
     */
    public static String unavailable(Throwable failure) {
        String database = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (cause instanceof RedisConnectionFailureException
                    || cause instanceof RedisSystemException
                    || name.startsWith("io.lettuce.core.")
                    || name.startsWith("org.springframework.data.redis.")) {
                return REDIS;
            }
            if (cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || isPostgresConnectionFailure(cause)) {
                database = DATABASE;
            }
        }
        return database;
    }

    /** SQLSTATE class 08 (connection exception) and 57014/57P01–57P03 (cancelled, shutting down). */
    private static boolean isPostgresConnectionFailure(Throwable cause) {
        if (!(cause instanceof java.sql.SQLException sql) || sql.getSQLState() == null) {
            return false;
        }
        String state = sql.getSQLState();
        return state.startsWith("08") || state.equals("57014") || state.startsWith("57P0");
    }
}
