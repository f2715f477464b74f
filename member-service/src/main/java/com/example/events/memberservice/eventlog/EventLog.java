package com.example.events.memberservice.eventlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stored event log, which is also the outbox: an event is appended in the transaction
 * that changes the member, so both commit or neither does, and stays after it is
 * published so it can be replayed. Compaction keeps it from growing without bound while
 * keeping the newest event of every member.
 */
@Component
public class EventLog {

    /** Events due for publishing: how many, and since when the longest-waiting one is. */
    public record Pending(long count, Instant oldestSince) {

        /** How long the oldest has waited; 0 when none waits. */
        public Duration oldestAge(Clock clock) {
            if (oldestSince == null) {
                return Duration.ZERO;
            }
            Duration age = Duration.between(oldestSince, clock.instant());
            return age.isNegative() ? Duration.ZERO : age;
        }

    }

    /**
     * One transaction's worth of a bulk change: how many events, up to which sequence.
     */
    record Batch(int events, long lastSequence) {
    }

    /**
     * One batch of compaction.
     *
     * @param candidates events that met the conditions and were not held elsewhere: fewer
     * than the limit once the log is through
     * @param lastSequence the last of them, where the next batch starts
     * @param dropped those dropped
     */
    record Compacted(int candidates, long lastSequence, int dropped) {
    }

    private final JdbcClient jdbc;

    private final Clock clock;

    private final EventHandoff handoff;

    private final Tracer tracer;

    private final Propagator propagator;

    private final TransactionTemplate transaction;

    private final int replayBatchSize;

    EventLog(JdbcClient jdbc, Clock clock, EventHandoff handoff, Tracer tracer, Propagator propagator,
            TransactionTemplate transaction, EventLogProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.handoff = handoff;
        this.tracer = tracer;
        this.propagator = propagator;
        this.transaction = transaction;
        this.replayBatchSize = properties.replay().batchSize();
    }

    /**
     * Must join the caller's transaction: an event written on its own could outlive a
     * rolled-back change. Inserted already reserved for this instance's relay when it has
     * room, and handed to it once the transaction has committed.
     * @return the event's sequence
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long append(MemberEventType type, UUID memberId) {
        UUID eventId = UUID.randomUUID();
        Instant occurredAt = clock.instant();
        String traceparent = currentTraceparent();
        Duration lease = handoff.reservation().orElse(null);
        StoredEvent event = jdbc.sql("""
                insert into event_log (event_id, event_type, schema_version, member_id, occurred_at, traceparent,
                                       claimed_until)
                values (:eventId, :eventType, :schemaVersion, :memberId, :occurredAt, :traceparent,
                        now() + cast(:leaseMillis as bigint) * interval '1 millisecond')
                returning sequence, claimed_until
                """)
            .param("eventId", eventId)
            .param("eventType", type.name())
            .param("schemaVersion", MemberEvent.SCHEMA_VERSION)
            .param("memberId", memberId)
            .param("occurredAt", Timestamp.from(occurredAt))
            .param("traceparent", traceparent)
            .param("leaseMillis", lease == null ? null : lease.toMillis())
            .query((rs, row) -> new StoredEvent(rs.getLong("sequence"), eventId, type.name(),
                    MemberEvent.SCHEMA_VERSION, memberId, occurredAt, traceparent, null, occurredAt,
                    instant(rs, "claimed_until")))
            .single();
        handOverAfterCommit(lease == null ? List.of() : List.of(event));
        return event.sequence();
    }

    /**
     * Appends one fresh event (its own event id, a new sequence) of {@code type} for each
     * member, in one statement, queued as a replay's events are: the relay publishes them
     * after every live event, so a backfill or a re-emit never holds up a change. Must
     * join the caller's transaction, which holds whatever lock makes the events true (the
     * member rows, for share) until they are appended.
     * @param subscriber the one subscriber to address them to; null for everyone
     * @return the number of events appended
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int appendQueued(MemberEventType type, List<UUID> memberIds, String subscriber) {
        if (memberIds.isEmpty()) {
            return 0;
        }
        String[] members = memberIds.stream().map(UUID::toString).toArray(String[]::new);
        String[] eventIds = memberIds.stream().map(member -> UUID.randomUUID().toString()).toArray(String[]::new);
        int appended = jdbc.sql("""
                insert into event_log (event_id, event_type, schema_version, member_id, occurred_at, traceparent,
                                       replay_for, requeued_at)
                select event.event_id, cast(:eventType as varchar), cast(:schemaVersion as int), event.member_id,
                       cast(:occurredAt as timestamptz), cast(:traceparent as varchar), cast(:subscriber as varchar),
                       now()
                from unnest(cast(:eventIds as uuid[]), cast(:memberIds as uuid[])) with ordinality
                     as event(event_id, member_id, position)
                order by event.position
                """)
            .param("eventType", type.name())
            .param("schemaVersion", MemberEvent.SCHEMA_VERSION)
            .param("occurredAt", Timestamp.from(clock.instant()))
            .param("traceparent", currentTraceparent())
            .param("subscriber", subscriber)
            .param("eventIds", eventIds)
            .param("memberIds", members)
            .update();
        handOverAfterCommit(List.of());
        return appended;
    }

    /**
     * Queues every stored event from {@code fromSequence} on (and, with
     * {@code fromOccurredAt}, only those that occurred at or after it) for publishing
     * again, keeping its event id and sequence; with a {@code subscriber}, addressed to
     * that subscriber alone. A batch of events per transaction, so that neither the relay
     * nor a request ever waits for a replay of the whole log; the relay publishes each
     * batch as it commits, after every event never published yet.
     *
     * <p>
     * An event still pending keeps going to everyone it was due to reach: a live event is
     * never narrowed to one subscriber. A pending replay for another subscriber, which
     * one message attribute cannot address together with this one, goes to everyone
     * instead; its claim, if a relay holds one, is dropped so the wider message goes out
     * rather than the narrow one being marked done. Everyone dedups by event id, so extra
     * copies are harmless, and so is a replay cut short by a failure: asked again, it
     * queues everything again.
     * @return the events queued, those that were pending already included
     */
    public int replay(long fromSequence, Instant fromOccurredAt, String subscriber) {
        int queued = 0;
        long after = fromSequence - 1;
        Batch batch;
        do {
            long from = after;
            batch = transaction.execute(status -> requeue(from, fromOccurredAt, subscriber));
            queued += batch.events();
            after = batch.lastSequence();
        }
        while (batch.events() == replayBatchSize);
        return queued;
    }

    private Batch requeue(long after, Instant fromOccurredAt, String subscriber) {
        Map<String, Object> range = new HashMap<>();
        range.put("after", after);
        range.put("notBefore", fromOccurredAt == null ? null : Timestamp.from(fromOccurredAt));
        range.put("limit", replayBatchSize);
        Batch batch = jdbc.sql("""
                select count(*) as events, coalesce(max(sequence), :after) as last_sequence from (
                    select sequence from event_log
                    where sequence > :after
                      and (cast(:notBefore as timestamptz) is null or occurred_at >= :notBefore)
                    order by sequence
                    limit :limit) batch
                """)
            .params(range)
            .query((rs, row) -> new Batch(rs.getInt("events"), rs.getLong("last_sequence")))
            .single();
        if (batch.events() == 0) {
            return batch;
        }
        range.put("last", batch.lastSequence());
        range.put("subscriber", subscriber);
        jdbc.sql("""
                update event_log set published_at = null, replay_for = cast(:subscriber as varchar),
                                     requeued_at = now()
                where sequence > :after and sequence <= :last and published_at is not null
                  and (cast(:notBefore as timestamptz) is null or occurred_at >= :notBefore)
                """).params(range).update();
        jdbc.sql("""
                update event_log set replay_for = null, claimed_until = null
                where sequence > :after and sequence <= :last and published_at is null and replay_for is not null
                  and replay_for is distinct from cast(:subscriber as varchar)
                  and (cast(:notBefore as timestamptz) is null or occurred_at >= :notBefore)
                """).params(range).update();
        handOverAfterCommit(List.of());
        return batch;
    }

    /**
     * Drops, in one transaction, events among the next {@code limit} after sequence
     * {@code after} that compaction may drop: published, older than {@code cutoff}, and
     * either superseded by a newer event of the same member or a tombstone. A tombstone
     * stays while an older event of its member cannot go with it: pending (a replay's
     * included), younger by a skewed clock, or held by another transaction (a replay
     * queueing it again); without the tombstone a rebuild from 0 would see that event and
     * the member active. Rows another transaction holds (a second instance compacting, a
     * replay) are skipped, not waited for; the next compaction finds them.
     */
    @Transactional
    Compacted compact(Instant cutoff, long after, int limit) {
        return jdbc.sql("""
                with candidate as (
                    select event.sequence, event.member_id, event.event_type from event_log event
                    where event.sequence > :after and event.published_at is not null and event.occurred_at < :cutoff
                      and ((event.event_type = any(:tombstones)
                            and not exists (select 1 from event_log older
                                            where older.member_id = event.member_id
                                              and older.sequence < event.sequence
                                              and (older.published_at is null or older.occurred_at >= :cutoff)))
                           or exists (select 1 from event_log newer
                                      where newer.member_id = event.member_id and newer.sequence > event.sequence))
                    order by event.sequence
                    limit :limit
                    for update of event skip locked),
                dropped as (
                    delete from event_log where sequence in (
                        select tombstone_or_superseded.sequence from candidate tombstone_or_superseded
                        where not (tombstone_or_superseded.event_type = any(:tombstones)
                                   and exists (select 1 from event_log older
                                               where older.member_id = tombstone_or_superseded.member_id
                                                 and older.sequence < tombstone_or_superseded.sequence
                                                 and older.sequence not in (select sequence from candidate))))
                    returning sequence)
                select (select count(*) from candidate) as candidates,
                       (select coalesce(max(sequence), :after) from candidate) as last_sequence,
                       (select count(*) from dropped) as dropped
                """)
            .param("after", after)
            .param("cutoff", Timestamp.from(cutoff))
            .param("tombstones", MemberEventType.tombstones())
            .param("limit", limit)
            .query((rs, row) -> new Compacted(rs.getInt("candidates"), rs.getLong("last_sequence"),
                    rs.getInt("dropped")))
            .single();
    }

    @Transactional(readOnly = true)
    public OutboxStatus status() {
        Pending pending = pending();
        return jdbc.sql("""
                select (select count(*) from event_log where published_at is not null) as published,
                       (select coalesce(max(sequence), 0) from event_log)               as last_sequence
                """)
            .query((rs, row) -> new OutboxStatus(pending.count(), rs.getLong("published"), rs.getLong("last_sequence"),
                    pending.oldestAge(clock).toSeconds()))
            .single();
    }

    /**
     * Read through the partial index on pending rows. An event a replay queued again has
     * waited since its requeue, not since it occurred.
     */
    public Pending pending() {
        return jdbc.sql("""
                select count(*) as pending, min(coalesce(requeued_at, occurred_at)) as oldest_since
                from event_log
                where published_at is null
                """).query((rs, row) -> new Pending(rs.getLong("pending"), instant(rs, "oldest_since"))).single();
    }

    /** The newest {@code limit} stored events, newest first. */
    @Transactional(readOnly = true)
    public List<LoggedEvent> newest(int limit) {
        return jdbc.sql("""
                select sequence, event_id, event_type, member_id, occurred_at, published_at, traceparent
                from event_log
                order by sequence desc
                limit :limit
                """)
            .param("limit", limit)
            .query((rs, row) -> LoggedEvent.of(rs.getLong("sequence"), rs.getObject("event_id", UUID.class),
                    rs.getString("event_type"), rs.getObject("member_id", UUID.class), instant(rs, "occurred_at"),
                    instant(rs, "published_at"), rs.getString("traceparent")))
            .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private void handOverAfterCommit(List<StoredEvent> reserved) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                handoff.committed(reserved);
            }
        });
    }

    /**
     * The current span in W3C form, stored with the event so the relay, later and on
     * another thread, can hand it to the consumer; null outside a trace. Taken from the
     * tracer rather than from a request header, so events appended by any caller (a
     * request, a job) carry the trace they belong to.
     */
    private String currentTraceparent() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        return headers.get("traceparent");
    }

}
