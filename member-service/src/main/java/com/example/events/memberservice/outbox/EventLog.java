package com.example.events.memberservice.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

/**
 * The stored event log, which is also the outbox: an event is appended in the transaction
 * that changes the member, so both commit or neither does, and stays after it is
 * published so it can be replayed by sequence.
 */
@Component
class EventLog {

    private final JdbcClient jdbc;

    private final Clock clock;

    private final OutboxRelay relay;

    private final Tracer tracer;

    private final Propagator propagator;

    EventLog(JdbcClient jdbc, Clock clock, OutboxRelay relay, Tracer tracer, Propagator propagator) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.relay = relay;
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Must join the caller's transaction: an event written on its own could outlive a
     * rolled-back change.
     * @return the event's sequence
     */
    @Transactional(propagation = Propagation.MANDATORY)
    long append(MemberEventType type, UUID memberId) {
        long sequence = jdbc.sql("""
                insert into event_log (event_id, event_type, schema_version, member_id, occurred_at, traceparent)
                values (:eventId, :eventType, :schemaVersion, :memberId, :occurredAt, :traceparent)
                returning sequence
                """)
            .param("eventId", UUID.randomUUID())
            .param("eventType", type.name())
            .param("schemaVersion", MemberEvent.SCHEMA_VERSION)
            .param("memberId", memberId)
            .param("occurredAt", java.sql.Timestamp.from(clock.instant()))
            .param("traceparent", currentTraceparent())
            .query(Long.class)
            .single();
        wakeRelayAfterCommit();
        return sequence;
    }

    /**
     * Queues every stored event from {@code fromSequence} on for publishing again,
     * keeping its event id and sequence; with a {@code subscriber}, addressed to that
     * subscriber alone.
     *
     * <p>
     * An event still pending keeps going to everyone it was due to reach: a live event is
     * never narrowed to one subscriber. A pending replay for another subscriber, which
     * one message attribute cannot address together with this one, goes to everyone
     * instead; its claim, if a relay holds one, is dropped so the wider message goes out
     * rather than the narrow one being marked done. Everyone dedups by event id, so extra
     * copies are harmless.
     */
    @Transactional
    int replayFrom(long fromSequence, String subscriber) {
        jdbc.sql("""
                update event_log set published_at = null, replay_for = cast(:subscriber as varchar),
                                     requeued_at = now()
                where sequence >= :from and published_at is not null
                """).param("from", fromSequence).param("subscriber", subscriber).update();
        jdbc.sql("""
                update event_log set replay_for = null, claimed_until = null
                where sequence >= :from and published_at is null and replay_for is not null
                  and replay_for is distinct from cast(:subscriber as varchar)
                """).param("from", fromSequence).param("subscriber", subscriber).update();
        int queued = jdbc.sql("select count(*) from event_log where sequence >= :from")
            .param("from", fromSequence)
            .query(Integer.class)
            .single();
        wakeRelayAfterCommit();
        return queued;
    }

    @Transactional(readOnly = true)
    OutboxStatus status() {
        return jdbc.sql("""
                select count(*) filter (where published_at is null)     as pending,
                       count(*) filter (where published_at is not null) as published,
                       coalesce(max(sequence), 0)                      as last_sequence,
                       min(occurred_at) filter (where published_at is null) as oldest_pending
                from event_log
                """).query((rs, row) -> {
            var oldestPending = rs.getTimestamp("oldest_pending");
            long age = oldestPending == null ? 0
                    : Math.max(0, Duration.between(oldestPending.toInstant(), clock.instant()).toSeconds());
            return new OutboxStatus(rs.getLong("pending"), rs.getLong("published"), rs.getLong("last_sequence"), age);
        }).single();
    }

    /**
     * Forgets published events older than the retention; a pending event is never
     * deleted.
     */
    @Transactional
    int deletePublishedBefore(Instant cutoff) {
        return jdbc.sql("delete from event_log where published_at is not null and published_at < :cutoff")
            .param("cutoff", java.sql.Timestamp.from(cutoff))
            .update();
    }

    private void wakeRelayAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
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
