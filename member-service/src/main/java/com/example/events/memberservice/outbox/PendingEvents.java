package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The relay's side of the event log: claim pending events under a lease, then mark or
 * release them. Each call is a transaction of its own, so no row stays locked while SNS
 * is called.
 */
@Component
class PendingEvents {

    /**
     * Events a relay has reserved until {@code leaseUntil}. The lease end doubles as the
     * claim's identity: a later claim of the same rows (after this one expired) or a
     * replay changes it, and then this claim touches nothing.
     */
    record Claim(OffsetDateTime leaseUntil, List<StoredEvent> events) {

        static final Claim NONE = new Claim(null, List.of());

    }

    private final JdbcClient jdbc;

    PendingEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} pending events, oldest first, that no live claim holds.
     * {@code SKIP LOCKED} lets relays claiming at the same moment take different rows
     * instead of waiting for each other.
     */
    Claim claim(int limit, Duration lease) {
        List<ClaimedRow> rows = jdbc.sql("""
                update event_log set claimed_until = now() + :leaseMillis * interval '1 millisecond'
                where sequence in (
                    select sequence from event_log
                    where published_at is null and (claimed_until is null or claimed_until < now())
                    order by sequence
                    limit :limit
                    for update skip locked)
                returning sequence, event_id, event_type, schema_version, member_id, occurred_at, traceparent,
                          replay_for, coalesce(requeued_at, occurred_at) as pending_since, claimed_until
                """)
            .param("leaseMillis", lease.toMillis())
            .param("limit", limit)
            .query((rs, row) -> new ClaimedRow(
                    new StoredEvent(rs.getLong("sequence"), rs.getObject("event_id", UUID.class),
                            MemberEventType.valueOf(rs.getString("event_type")), rs.getInt("schema_version"),
                            rs.getObject("member_id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
                            rs.getString("traceparent"), rs.getString("replay_for"),
                            rs.getTimestamp("pending_since").toInstant()),
                    rs.getObject("claimed_until", OffsetDateTime.class)))
            .list();
        if (rows.isEmpty()) {
            return Claim.NONE;
        }
        // RETURNING keeps no order; requests go out oldest first
        return new Claim(rows.getFirst().leaseUntil(),
                rows.stream().map(ClaimedRow::event).sorted(Comparator.comparingLong(StoredEvent::sequence)).toList());
    }

    /**
     * SNS has them: done, unless the claim was lost meanwhile (then they go out again,
     * at-least-once).
     */
    void markPublished(Claim claim, List<StoredEvent> events) {
        if (!events.isEmpty()) {
            jdbc.sql("""
                    update event_log set published_at = now(), claimed_until = null, replay_for = null
                    where sequence = any(:sequences) and claimed_until = :leaseUntil
                    """).param("sequences", sequences(events)).param("leaseUntil", claim.leaseUntil()).update();
        }
    }

    /** SNS refused them: free for the next round now rather than when the lease ends. */
    void release(Claim claim, List<StoredEvent> events) {
        if (!events.isEmpty()) {
            jdbc.sql("update event_log set claimed_until = null where sequence = any(:sequences) "
                    + "and claimed_until = :leaseUntil")
                .param("sequences", sequences(events))
                .param("leaseUntil", claim.leaseUntil())
                .update();
        }
    }

    private static Long[] sequences(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::sequence).toArray(Long[]::new);
    }

    private record ClaimedRow(StoredEvent event, OffsetDateTime leaseUntil) {
    }

}
