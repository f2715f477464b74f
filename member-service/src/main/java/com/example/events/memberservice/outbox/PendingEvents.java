package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

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

    /** Never published: what the relay is there for. */
    private static final String LIVE = "requeued_at is null";

    /** Published before and queued again by a replay. */
    private static final String REQUEUED = "requeued_at is not null";

    private final JdbcClient jdbc;

    PendingEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} pending events that no live claim holds: first those never
     * published (oldest first), then, to fill the batch, those a replay queued again
     * (oldest first), so that a replay of any size never holds up a live event.
     * {@code SKIP LOCKED} lets relays claiming at the same moment take different rows
     * instead of waiting for each other. One transaction, so both kinds share one lease
     * end.
     */
    @Transactional
    Claim claim(int limit, Duration lease) {
        List<ClaimedRow> rows = new ArrayList<>(claim(LIVE, limit, lease));
        if (rows.size() < limit) {
            rows.addAll(claim(REQUEUED, limit - rows.size(), lease));
        }
        if (rows.isEmpty()) {
            return Claim.NONE;
        }
        return new Claim(rows.getFirst().leaseUntil(), rows.stream().map(ClaimedRow::event).toList());
    }

    private List<ClaimedRow> claim(String kind, int limit, Duration lease) {
        List<ClaimedRow> rows = jdbc.sql("""
                update event_log set claimed_until = now() + :leaseMillis * interval '1 millisecond'
                where sequence in (
                    select sequence from event_log
                    where published_at is null and %s and (claimed_until is null or claimed_until < now())
                    order by sequence
                    limit :limit
                    for update skip locked)
                returning sequence, event_id, event_type, schema_version, member_id, occurred_at, traceparent,
                          replay_for, coalesce(requeued_at, occurred_at) as pending_since, claimed_until
                """.formatted(kind))
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
        // RETURNING keeps no order; requests go out oldest first
        return rows.stream().sorted(Comparator.comparingLong(row -> row.event().sequence())).toList();
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
