package com.example.events.reservationservice.memberreplica;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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
     * Inserts the member's row, or overwrites it when {@code sequence} is newer than the
     * one it holds. Either way the row stays locked until the transaction ends
     * (PostgreSQL locks the conflicting row even when the update's condition is false),
     * so deletion and a concurrent reservation are serialised on it.
     * @return whether the row changed
     */
    boolean upsertIfNewer(UUID memberId, MemberStatus status, long sequence, Instant now) {
        return jdbc.sql("""
                insert into member_replica (member_id, status, last_sequence, updated_at)
                values (:memberId, :status, :sequence, :now)
                on conflict (member_id) do update
                    set status = excluded.status, last_sequence = excluded.last_sequence,
                        updated_at = excluded.updated_at
                    where member_replica.last_sequence < excluded.last_sequence
                """)
            .param("memberId", memberId)
            .param("status", status.name())
            .param("sequence", sequence)
            .param("now", Timestamp.from(now))
            .update() == 1;
    }

    /**
     * Records an event id in the inbox. A concurrent transaction inserting the same id
     * makes this one wait for its outcome, so two deliveries of one event never both get
     * {@code true}.
     * @return false when the event was processed before
     */
    boolean markProcessed(UUID eventId, Instant now) {
        return jdbc.sql("insert into processed_event (event_id, processed_at) values (?, ?) on conflict do nothing")
            .params(eventId, Timestamp.from(now))
            .update() == 1;
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
