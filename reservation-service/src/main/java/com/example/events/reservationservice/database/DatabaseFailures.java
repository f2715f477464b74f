package com.example.events.reservationservice.database;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells a failure of the database, which passes, from a failure of the work: the one
 * place that decides, for the REST API (503, try again) and the queue's listener (keep
 * the message, do not let it count as a failed delivery).
 */
public final class DatabaseFailures {

    /** What kind of passing failure. */
    public enum Kind {

        /**
         * The database cannot be reached or cannot take the work now: connection refused,
         * reset or lost, no connection from the pool in time, the server shutting down or
         * starting, too many connections.
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
     * PostgreSQL's codes for a server that is shutting down or not accepting connections
     * yet, and for too many connections.
     */
    private static final Set<String> SERVER_UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

    /** Serialization failure, deadlock detected, lock not available. */
    private static final Set<String> CONTENTION = Set.of("40001", "40P01", "55P03");

    private DatabaseFailures() {
    }

    /**
     * @return empty when the failure is not the database's (a constraint, a bad
     * statement, a bug), whatever exception wraps it
     */
    public static Optional<Kind> classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return Optional.of(Kind.UNAVAILABLE); // the pool's timeout
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || SERVER_UNAVAILABLE.contains(state)) {
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

}
