package com.example.events.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Watches both services' own databases: waits until reservation-service has applied the
 * events of given members or ids, and reads their {@link Stamps}.
 */
final class Propagation {

    private final Database memberDatabase;

    private final Database reservationDatabase;

    private final Stamps stamps;

    Propagation(Database memberDatabase, Database reservationDatabase) {
        this.memberDatabase = memberDatabase;
        this.reservationDatabase = reservationDatabase;
        this.stamps = new Stamps(memberDatabase, reservationDatabase);
    }

    record Database(String jdbcUrl, String username, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    Stamps stamps() {
        return stamps;
    }

    /** Waits until reservation-service has applied the deletion of every member given. */
    List<Stamps.Event> awaitDeletions(List<UUID> memberIds, Duration timeout) {
        return await(() -> stamps.deletionsOf(memberIds), memberIds.size(), "deletions", timeout);
    }

    /** Waits until reservation-service has applied every event given. */
    List<Stamps.Event> awaitEvents(List<UUID> eventIds, Duration timeout) {
        return await(() -> stamps.events(eventIds), eventIds.size(), "events", timeout);
    }

    private static List<Stamps.Event> await(Supplier<List<Stamps.Event>> applied, int expected, String what,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Stamps.Event> events = applied.get();
            if (events.size() == expected) {
                return events;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "after %s only %d of %d %s were applied".formatted(timeout, events.size(), expected, what));
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /** The ids of the events member-service has not published yet. */
    List<UUID> pendingEvents() {
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = memberDatabase.connect();
                var rows = connection.createStatement()
                    .executeQuery("select event_id from event_log where published_at is null")) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return ids;
    }

    /** The postmaster's pid of a database server, for its CPU time. */
    static long serverPid(Database database) {
        try (Connection connection = database.connect();
                var rows = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            rows.next();
            long backend = rows.getLong(1);
            return ProcessHandle.of(backend)
                .flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("no parent of backend " + backend));
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    Database memberDatabase() {
        return memberDatabase;
    }

    Database reservationDatabase() {
        return reservationDatabase;
    }

    /**
     * Waits until reservation-service knows every member given (its replica learned them
     * from events).
     */
    void awaitReplicated(List<UUID> memberIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(reservationDatabase, "select count(*) from member_replica where member_id = any(?)",
                memberIds) < memberIds.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reservation-service did not learn all members within " + timeout);
            }
            sleep(Duration.ofMillis(250));
        }
    }

    long reservationsLeft(List<UUID> memberIds) {
        return count(reservationDatabase, "select count(*) from reservation where member_id = any(?)", memberIds);
    }

    private static long count(Database database, String sql, List<UUID> ids) {
        try (Connection connection = database.connect(); var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
