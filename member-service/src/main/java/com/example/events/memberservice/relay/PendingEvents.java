package com.example.events.memberservice.relay;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.example.events.memberservice.eventlog.StoredEvent;
import org.springframework.stereotype.Component;

/**
 * The relay's side of the event log: claim pending events under a lease, then mark or
 * release them. Each call is one statement on the relay's own connection, so no row stays
 * locked while SNS is called. Marks and releases touch a row only while it is still under
 * the lease the relay holds it by: a later claim of the same row (after this one expired)
 * or a replay changes the lease, and then the late relay touches nothing.
 */
@Component
class PendingEvents {

    private final RelayDatabase database;

    PendingEvents(RelayDatabase database) {
        this.database = database;
    }

    /**
     * Up to {@code limit} pending events that no live claim or reservation holds: first
     * those never published (oldest first), then, to fill the batch, those a replay
     * queued again (oldest first), so that a replay of any size never holds up a live
     * event. {@code SKIP LOCKED} lets relays claiming at the same moment take different
     * rows instead of waiting for each other.
     */
    List<StoredEvent> claim(int limit, Duration lease) {
        List<ClaimedRow> rows = database.jdbc()
            .sql("""
                    with live as (
                        select sequence from event_log
                        where published_at is null and requeued_at is null
                          and (claimed_until is null or claimed_until < now())
                        order by sequence
                        limit :limit
                        for update skip locked),
                    requeued as (
                        select sequence from event_log
                        where published_at is null and requeued_at is not null
                          and (claimed_until is null or claimed_until < now())
                        order by sequence
                        limit :limit - (select count(*) from live)
                        for update skip locked)
                    update event_log set claimed_until = now() + :leaseMillis * interval '1 millisecond'
                    where sequence in (select sequence from live union all select sequence from requeued)
                    returning sequence, event_id, event_type, schema_version, member_id, occurred_at, traceparent,
                              replay_for, coalesce(requeued_at, occurred_at) as pending_since, claimed_until,
                              requeued_at is not null as requeued
                    """)
            .param("leaseMillis", lease.toMillis())
            .param("limit", limit)
            .query((rs, row) -> new ClaimedRow(event(rs), rs.getBoolean("requeued")))
            .list();
        // RETURNING keeps no order; requests go out live ones first, each kind oldest
        // first
        return rows.stream()
            .sorted(Comparator.comparing(ClaimedRow::requeued).thenComparingLong(claimed -> claimed.event().sequence()))
            .map(ClaimedRow::event)
            .toList();
    }

    /**
     * SNS has them: done, unless the lease was lost meanwhile (then they go out again,
     * at-least-once).
     */
    void markPublished(List<StoredEvent> events) {
        if (!events.isEmpty()) {
            database.jdbc().sql("""
                    update event_log event set published_at = now(), claimed_until = null, replay_for = null
                    from unnest(cast(:sequences as bigint[]), cast(:leases as timestamptz[])) as claim(sequence, lease)
                    where event.sequence = claim.sequence and event.claimed_until = claim.lease
                    """).param("sequences", sequences(events)).param("leases", leases(events)).update();
        }
    }

    /**
     * Free for the next claim now rather than when the lease ends: SNS refused them, or
     * the relay holding them stops or backs off.
     */
    void release(List<StoredEvent> events) {
        if (!events.isEmpty()) {
            database.jdbc().sql("""
                    update event_log event set claimed_until = null
                    from unnest(cast(:sequences as bigint[]), cast(:leases as timestamptz[])) as claim(sequence, lease)
                    where event.sequence = claim.sequence and event.claimed_until = claim.lease
                    """).param("sequences", sequences(events)).param("leases", leases(events)).update();
        }
    }

    private static StoredEvent event(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong("sequence"), rs.getObject("event_id", UUID.class), rs.getString("event_type"),
                rs.getInt("schema_version"), rs.getObject("member_id", UUID.class),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("traceparent"), rs.getString("replay_for"),
                rs.getTimestamp("pending_since").toInstant(),
                rs.getObject("claimed_until", OffsetDateTime.class).toInstant());
    }

    private static Long[] sequences(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::sequence).toArray(Long[]::new);
    }

    // exact to the microsecond PostgreSQL keeps, as ISO-8601 text the cast reads back
    private static String[] leases(List<StoredEvent> events) {
        return events.stream().map(event -> event.claimedUntil().toString()).toArray(String[]::new);
    }

    private record ClaimedRow(StoredEvent event, boolean requeued) {
    }

}
