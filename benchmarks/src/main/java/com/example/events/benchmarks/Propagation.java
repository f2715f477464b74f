package com.example.events.benchmarks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads, from both services' own databases, when each deletion committed (the event's
 * {@code occurredAt} in member-service's event log, written in the deletion's
 * transaction), when the relay had it accepted by SNS ({@code published_at}), and when
 * reservation-service applied it ({@code processed_at} in its inbox, written in the
 * transaction that deleted the reservations). Both services run on this machine, so one
 * clock.
 */
final class Propagation {

    private final Database memberDatabase;

    private final Database reservationDatabase;

    Propagation(Database memberDatabase, Database reservationDatabase) {
        this.memberDatabase = memberDatabase;
        this.reservationDatabase = reservationDatabase;
    }

    record Database(String jdbcUrl, String username, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    /** One deletion's way through the pipeline. */
    record Deletion(UUID eventId, Instant committed, Instant published, Instant applied) {
        long propagationMicros() {
            return Duration.between(committed, applied).toNanos() / 1000;
        }

        long publishLagMicros() {
            return Duration.between(committed, published).toNanos() / 1000;
        }
    }

    /** Waits until reservation-service has applied the deletion of every member given. */
    List<Deletion> awaitDeletions(List<UUID> memberIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Deletion> deletions = deletionsOf(memberIds);
            if (deletions.size() == memberIds.size()) {
                return deletions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after %s only %d of %d deletions were applied".formatted(timeout,
                        deletions.size(), memberIds.size()));
            }
            sleep(Duration.ofMillis(250));
        }
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

    private List<Deletion> deletionsOf(List<UUID> memberIds) {
        Map<UUID, Instant[]> byEvent = new HashMap<>();
        query(memberDatabase, """
                select event_id, occurred_at, published_at from event_log
                where event_type = 'MemberDeleted' and member_id = any(?)""", memberIds,
                row -> byEvent.put((UUID) row[0], new Instant[] { (Instant) row[1], (Instant) row[2] }));
        List<Deletion> applied = new ArrayList<>();
        query(reservationDatabase, "select event_id, processed_at, null from processed_event where event_id = any(?)",
                new ArrayList<>(byEvent.keySet()), row -> {
                    Instant[] produced = byEvent.get((UUID) row[0]);
                    if (produced[1] != null) {
                        applied.add(new Deletion((UUID) row[0], produced[0], produced[1], (Instant) row[1]));
                    }
                });
        return applied;
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

    private static void query(Database database, String sql, List<UUID> ids,
            java.util.function.Consumer<Object[]> row) {
        try (Connection connection = database.connect(); var statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            statement.setArray(1, array);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.accept(new Object[] { rows.getObject(1, UUID.class), instant(rows.getTimestamp(2)),
                            instant(rows.getTimestamp(3)) });
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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
