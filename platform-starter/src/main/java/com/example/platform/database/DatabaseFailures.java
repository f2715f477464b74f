package com.example.platform.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.ClassUtils;

/**
 * Tells a failure of the database, which passes, from a failure of the work: the one
 * place that decides, for a REST API (503, try again) and for a queue's listener (keep
 * the message, do not let it count as a failed delivery).
 */
public final class DatabaseFailures {

    /** What kind of passing failure. */
    public enum Kind {

        /**
         * The database cannot be reached or cannot take the work now: connection refused,
         * reset or lost, no connection from the pool in time, a transaction that could
         * not commit or roll back on a broken connection, the server out of resources
         * (disk full, out of memory, too many connections) or stopped by an operator
         * (shutting down, starting, a statement cancelled or timed out).
         */
        UNAVAILABLE,

        /**
         * The database refused this transaction because of others running at the same
         * time (a serialization failure, a deadlock, a lock not available): running it
         * again succeeds.
         */
        CONTENTION

    }

    /**
     * SQLSTATE classes of a server that cannot do any work now, whatever the work:
     * connection exception, insufficient resources, operator intervention. A full disk is
     * no fault of the message that tried to write.
     */
    private static final Set<String> SERVER_UNAVAILABLE_CLASSES = Set.of("08", "53", "57");

    /** Serialization failure, deadlock detected, lock not available. */
    private static final Set<String> CONTENTION = Set.of("40001", "40P01", "55P03");

    private static final boolean HIBERNATE = ClassUtils.isPresent("org.hibernate.TransactionException",
            DatabaseFailures.class.getClassLoader());

    private DatabaseFailures() {
    }

    /**
     * @return empty when the failure is not the database's (a constraint, a bad
     * statement, a bug), whatever exception wraps it
     */
    public static Optional<Kind> classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException || (HIBERNATE && brokenTransaction(cause))) {
                // the pool's timeout, a connection that broke
                return Optional.of(Kind.UNAVAILABLE);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.length() >= 2 && SERVER_UNAVAILABLE_CLASSES.contains(state.substring(0, 2))) {
                    return Optional.of(Kind.UNAVAILABLE);
                }
                if (CONTENTION.contains(state)) {
                    return Optional.of(Kind.CONTENTION);
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /**
     * Hibernate reports a commit or rollback on a connection that broke as its own
     * exception, often without the SQL failure behind it.
     */
    private static boolean brokenTransaction(Throwable cause) {
        return cause instanceof org.hibernate.TransactionException;
    }

}
