package com.example.events.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every instant the benchmark reads about one event on its way from member-service's
 * commit to reservation-service's, and the stages between them: the only place that knows
 * which column or expression holds which instant. A stamp whose column (or setting) a
 * database does not have is read as null, and every stage that needs it is reported as
 * not measured, so the benchmark runs against any version of the two services and each
 * stage appears once its stamps exist.
 *
 * <p>
 * Both services run on this machine, so all stamps come from one clock: the databases'
 * ({@code now()}, commit timestamps), the services' and the broker's
 * ({@code SentTimestamp}, milliseconds only).
 */
final class Stamps {

    /** Which service's database holds a stamp. */
    enum Side {

        PRODUCER, CONSUMER

    }

    /** One instant in an event's way, in the order they happen. */
    enum Stamp {

        /**
         * taken by member-service inside the deletion's transaction, before it commits
         */
        OCCURRED("occurred", Side.PRODUCER, "e.occurred_at", "event_log.occurred_at"),
        /**
         * when the deletion's transaction committed: {@code appended_by} is that
         * transaction's id, never updated (a replay rewrites the row, so its xmin would
         * not do); needs {@code track_commit_timestamp=on}, as the launcher's databases
         * run
         */
        PRODUCER_COMMIT("producer commit", Side.PRODUCER, "pg_xact_commit_timestamp(e.appended_by::xid)",
                "event_log.appended_by"),
        /** taken by the relay once SNS accepted the PublishBatch that held the event */
        SNS_ACCEPTED("SNS accepted", Side.PRODUCER, "e.published_at", "event_log.published_at"),
        /** the SQS message's SentTimestamp attribute: when the queue got it from SNS */
        SQS_SENT("SQS SentTimestamp", Side.CONSUMER, "p.sent_at", "processed_event.sent_at"),
        /** when the consumer's receive returned the message */
        RECEIVED("received", Side.CONSUMER, "p.received_at", "processed_event.received_at"),
        /** the start of the consumer's transaction that applied the event */
        CONSUMER_START("consumer transaction start", Side.CONSUMER, "p.processed_at", "processed_event.processed_at"),
        /**
         * when that transaction committed: the inbox row is inserted once and never
         * updated, so its xmin is the applying transaction
         */
        CONSUMER_COMMIT("consumer commit", Side.CONSUMER, "pg_xact_commit_timestamp(p.xmin)", TRACK_COMMIT_TIMESTAMP);

        final String label;

        final Side side;

        final String expression;

        /** "table.column", or {@link #TRACK_COMMIT_TIMESTAMP} */
        final String requires;

        Stamp(String label, Side side, String expression, String requires) {
            this.label = label;
            this.side = side;
            this.expression = expression;
            this.requires = requires;
        }

    }

    static final String TRACK_COMMIT_TIMESTAMP = "track_commit_timestamp=on";

    /** A span between two stamps of the same event. */
    enum Stage {

        COMMIT_TO_COMMIT(Stamp.PRODUCER_COMMIT, Stamp.CONSUMER_COMMIT),
        /**
         * an upper bound of commit to commit while the producer's commit is not stamped
         */
        OCCURRED_TO_CONSUMER_COMMIT(Stamp.OCCURRED, Stamp.CONSUMER_COMMIT),
        /** what the benchmark could measure with the services' first stamps only */
        OCCURRED_TO_CONSUMER_START(Stamp.OCCURRED, Stamp.CONSUMER_START),
        OCCURRED_TO_PRODUCER_COMMIT(Stamp.OCCURRED, Stamp.PRODUCER_COMMIT),
        PRODUCER_COMMIT_TO_SNS(Stamp.PRODUCER_COMMIT, Stamp.SNS_ACCEPTED),
        OCCURRED_TO_SNS(Stamp.OCCURRED, Stamp.SNS_ACCEPTED), SNS_TO_SQS(Stamp.SNS_ACCEPTED, Stamp.SQS_SENT),
        SQS_TO_RECEIVED(Stamp.SQS_SENT, Stamp.RECEIVED),
        RECEIVED_TO_CONSUMER_COMMIT(Stamp.RECEIVED, Stamp.CONSUMER_COMMIT),
        SNS_TO_CONSUMER_COMMIT(Stamp.SNS_ACCEPTED, Stamp.CONSUMER_COMMIT),
        CONSUMER_TRANSACTION(Stamp.CONSUMER_START, Stamp.CONSUMER_COMMIT);

        final Stamp from;

        final Stamp to;

        Stage(Stamp from, Stamp to) {
            this.from = from;
            this.to = to;
        }

        String label() {
            return from.label + " → " + to.label;
        }

        /** The span for one event, null when either stamp is missing. */
        Long micros(Event event) {
            Instant start = event.at(from);
            Instant end = event.at(to);
            return start == null || end == null ? null : Duration.between(start, end).toNanos() / 1000;
        }

    }

    /**
     * The span quoted as "propagation": commit to commit where both commits are stamped,
     * else the nearest upper bound the databases can give.
     */
    static Stage headline(Set<Stamp> available) {
        for (Stage stage : List.of(Stage.COMMIT_TO_COMMIT, Stage.OCCURRED_TO_CONSUMER_COMMIT,
                Stage.OCCURRED_TO_CONSUMER_START)) {
            if (available.contains(stage.from) && available.contains(stage.to)) {
                return stage;
            }
        }
        throw new IllegalStateException("neither database has the stamps of any propagation stage");
    }

    /** One event's stamps; a stamp the databases do not have is absent. */
    record Event(UUID eventId, Map<Stamp, Instant> stamps) {

        Instant at(Stamp stamp) {
            return stamps.get(stamp);
        }

        /** The consumer's last stamp: when the event's effect is visible. */
        Instant applied() {
            Instant commit = at(Stamp.CONSUMER_COMMIT);
            return commit != null ? commit : at(Stamp.CONSUMER_START);
        }

        /** The producer's first stamp after (or just before) its commit. */
        Instant committed() {
            Instant commit = at(Stamp.PRODUCER_COMMIT);
            return commit != null ? commit : at(Stamp.OCCURRED);
        }

    }

    private final Propagation.Database producer;

    private final Propagation.Database consumer;

    private volatile Set<Stamp> available;

    Stamps(Propagation.Database producer, Propagation.Database consumer) {
        this.producer = producer;
        this.consumer = consumer;
    }

    /**
     * The stamps both databases have; asked once, since the services' schemas do not
     * change while the benchmark runs.
     */
    Set<Stamp> available() {
        if (available == null) {
            Set<Stamp> found = EnumSet.noneOf(Stamp.class);
            for (Stamp stamp : Stamp.values()) {
                if (has(stamp.side == Side.PRODUCER ? producer : consumer, stamp.requires)) {
                    found.add(stamp);
                }
            }
            available = found;
        }
        return available;
    }

    /** Which stamps are missing, each with what would provide it. */
    Map<Stamp, String> missing() {
        Map<Stamp, String> missing = new EnumMap<>(Stamp.class);
        for (Stamp stamp : Stamp.values()) {
            if (!available().contains(stamp)) {
                missing.put(stamp, stamp.requires);
            }
        }
        return missing;
    }

    /**
     * The stamps of the MemberDeleted events of these members that the consumer has
     * applied (and the producer marked published).
     */
    List<Event> deletionsOf(List<UUID> memberIds) {
        return eventsOf("e.event_type = 'MemberDeleted' and e.member_id = any(?)", memberIds);
    }

    /** The stamps of these events that the consumer has applied. */
    List<Event> events(List<UUID> eventIds) {
        return eventsOf("e.event_id = any(?)", eventIds);
    }

    /** The producer's stamps of these events, applied or not. */
    Map<UUID, Map<Stamp, Instant>> producerStamps(List<UUID> eventIds) {
        Map<UUID, Map<Stamp, Instant>> produced = new HashMap<>();
        read(producer, Side.PRODUCER, "event_log e", "e.event_id = any(?)", eventIds, produced);
        return produced;
    }

    private List<Event> eventsOf(String producerCondition, List<UUID> ids) {
        Map<UUID, Map<Stamp, Instant>> produced = new HashMap<>();
        read(producer, Side.PRODUCER, "event_log e", producerCondition, ids, produced);
        Map<UUID, Map<Stamp, Instant>> consumed = new HashMap<>();
        read(consumer, Side.CONSUMER, "processed_event p", "p.event_id = any(?)", List.copyOf(produced.keySet()),
                consumed);
        List<Event> events = new ArrayList<>();
        consumed.forEach((eventId, stamps) -> {
            Map<Stamp, Instant> all = new EnumMap<>(Stamp.class);
            all.putAll(produced.get(eventId));
            all.putAll(stamps);
            if (all.get(Stamp.SNS_ACCEPTED) != null || !available().contains(Stamp.SNS_ACCEPTED)) {
                events.add(new Event(eventId, all));
            }
        });
        return events;
    }

    private void read(Propagation.Database database, Side side, String table, String condition, List<UUID> ids,
            Map<UUID, Map<Stamp, Instant>> into) {
        List<Stamp> stamps = java.util.Arrays.stream(Stamp.values()).filter(stamp -> stamp.side == side).toList();
        String columns = stamps.stream()
            .map(stamp -> available().contains(stamp) ? stamp.expression : "null::timestamptz")
            .collect(Collectors.joining(", "));
        String idColumn = table.endsWith(" e") ? "e.event_id" : "p.event_id";
        String sql = "select %s, %s from %s where %s".formatted(idColumn, columns, table, condition);
        try (Connection connection = database.connect(); var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<Stamp, Instant> row = new EnumMap<>(Stamp.class);
                    for (int i = 0; i < stamps.size(); i++) {
                        Timestamp value = rows.getTimestamp(i + 2);
                        if (value != null) {
                            row.put(stamps.get(i), value.toInstant());
                        }
                    }
                    into.put(rows.getObject(1, UUID.class), row);
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean has(Propagation.Database database, String requirement) {
        try (Connection connection = database.connect()) {
            if (requirement.equals(TRACK_COMMIT_TIMESTAMP)) {
                try (var rows = connection.createStatement().executeQuery("show track_commit_timestamp")) {
                    return rows.next() && rows.getString(1).equals("on");
                }
            }
            String[] tableAndColumn = requirement.split("\\.");
            try (var statement = connection.prepareStatement("""
                    select 1 from information_schema.columns
                    where table_schema = current_schema() and table_name = ? and column_name = ?""")) {
                statement.setString(1, tableAndColumn[0]);
                statement.setString(2, tableAndColumn[1]);
                try (var rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
