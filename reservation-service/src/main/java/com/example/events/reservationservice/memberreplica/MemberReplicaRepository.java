package com.example.events.reservationservice.memberreplica;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The replica table and the inbox, in plain SQL: the upserts and row locks are the point
 * here.
 */
@Repository
class MemberReplicaRepository {

    private final JdbcClient jdbc;

    MemberReplicaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<MemberReplica> find(UUID memberId) {
        return jdbc.sql("select member_id, status, last_sequence, updated_at from member_replica where member_id = ?")
            .param(memberId)
            .query((rs, row) -> new MemberReplica(rs.getObject("member_id", UUID.class),
                    MemberStatus.valueOf(rs.getString("status")), rs.getLong("last_sequence"),
                    rs.getTimestamp("updated_at").toInstant()))
            .optional();
    }

    /**
     * The member's status, read under a share lock held until the caller's transaction
     * ends. A concurrent {@link #upsertIfNewer} of the same member waits for it, and it
     * waits for a concurrent upsert.
     */
    Optional<MemberStatus> findStatusForShare(UUID memberId) {
        return jdbc.sql("select status from member_replica where member_id = ? for share")
            .param(memberId)
            .query((rs, row) -> MemberStatus.valueOf(rs.getString("status")))
            .optional();
    }

    /**
     * Inserts each member's row, or overwrites it when the change's sequence is newer
     * than the one it holds. Either way the rows stay locked until the transaction ends
     * (PostgreSQL locks a conflicting row even when the update's condition is false), so
     * deletion and a concurrent reservation are serialised on them. Rows are written in
     * the order given, one change per member.
     * @return the members whose row changed
     */
    Set<UUID> upsertIfNewer(List<MemberChange> changes, Instant now) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                insert into member_replica (member_id, status, last_sequence, updated_at)
                select member_id, status, last_sequence, ?::timestamptz
                from unnest(?::uuid[], ?::text[], ?::bigint[]) with ordinality
                    as change(member_id, status, last_sequence, position)
                order by position
                on conflict (member_id) do update
                    set status = excluded.status, last_sequence = excluded.last_sequence,
                        updated_at = excluded.updated_at
                    where member_replica.last_sequence < excluded.last_sequence
                returning member_id
                """)
            .params(Timestamp.from(now), texts(changes, change -> change.memberId().toString()),
                    texts(changes, change -> change.status().name()),
                    changes.stream().map(MemberChange::sequence).toArray(Long[]::new))
            .query(UUID.class)
            .list());
    }

    /**
     * Records event ids in the inbox, with when each was sent and received, in the order
     * of their ids. A concurrent transaction inserting one of the same ids makes this one
     * wait for its outcome, so two deliveries of one event never both get it back.
     * @param changes one per event id
     * @return the ids recorded now; the others were processed before
     */
    Set<UUID> markProcessed(Collection<MemberChange> changes, Instant now) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                insert into processed_event (event_id, processed_at, sent_at, received_at)
                select event_id, ?::timestamptz, sent_at, received_at
                from unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[]) as event(event_id, sent_at, received_at)
                order by event_id
                on conflict do nothing
                returning event_id
                """)
            .params(Timestamp.from(now), texts(changes, change -> change.eventId().toString()),
                    texts(changes, change -> instant(change.sentAt())),
                    texts(changes, change -> instant(change.receivedAt())))
            .query(UUID.class)
            .list());
    }

    // text arrays, cast in the statement: the driver binds a String[] as text[] whatever
    // the element type
    private static String[] texts(Collection<MemberChange> changes, Function<MemberChange, String> value) {
        return changes.stream().map(value).toArray(String[]::new);
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * Deletes up to {@code limit} inbox entries processed before {@code cutoff}, skipping
     * rows another transaction holds (a concurrent pruning by another instance).
     * @return how many were deleted
     */
    int deleteProcessedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                delete from processed_event where event_id in (
                    select event_id from processed_event where processed_at < ? limit ? for update skip locked)
                """).params(Timestamp.from(cutoff), limit).update();
    }

}
