package com.example.events.memberservice.snapshot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code backfill} table: one row per backfill, what it has done so far and which
 * instance runs it until when (its lease). Times are the database's, so that instances
 * whose clocks differ agree on when a lease ends.
 */
@Component
class BackfillTable {

    /** A running backfill, as the instance that took it over runs it. */
    record Run(long id, int chunkSize, String previousOwner, long scanned) {
    }

    /** Where a running backfill stands, read under its row lock. */
    record Cursor(String state, String owner, UUID lastMemberId) {
    }

    private final JdbcClient jdbc;

    BackfillTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    BackfillStatus latest() {
        return jdbc.sql("""
                select state, scanned, emitted, started_at, finished_at from backfill order by id desc limit 1
                """)
            .query((rs, row) -> new BackfillStatus(BackfillStatus.State.valueOf(rs.getString("state")),
                    rs.getLong("scanned"), rs.getLong("emitted"), instant(rs, "started_at"),
                    instant(rs, "finished_at")))
            .optional()
            .orElse(BackfillStatus.IDLE);
    }

    /**
     * A fresh backfill, held by {@code owner} from the start.
     * @throws BackfillRunningException while another one runs
     */
    BackfillStatus start(int chunkSize, String owner, Duration lease) {
        // answered at once rather than after the running chunk's commit, which the
        // insert's unique check waits for; the unique index settles a race of two starts
        if (jdbc.sql("select exists (select 1 from backfill where state = 'RUNNING')").query(Boolean.class).single()) {
            throw new BackfillRunningException();
        }
        try {
            return jdbc.sql("""
                    insert into backfill (state, chunk_size, started_at, owner, lease_until)
                    values ('RUNNING', :chunkSize, now(), :owner, now() + :leaseMillis * interval '1 millisecond')
                    returning state, scanned, emitted, started_at, finished_at
                    """)
                .param("chunkSize", chunkSize)
                .param("owner", owner)
                .param("leaseMillis", lease.toMillis())
                .query((rs, row) -> new BackfillStatus(BackfillStatus.State.RUNNING, rs.getLong("scanned"),
                        rs.getLong("emitted"), instant(rs, "started_at"), instant(rs, "finished_at")))
                .single();
        }
        catch (DuplicateKeyException running) {
            throw new BackfillRunningException();
        }
    }

    /**
     * The running backfill, for {@code owner}: its own, one nobody holds, or one whose
     * owner's lease has ended (it crashed, or lost the database). A row its owner is
     * writing a chunk under is skipped: that owner is alive.
     */
    Optional<Run> takeOver(String owner, Duration lease) {
        return jdbc.sql("""
                with running as (
                    select id, owner from backfill
                    where state = 'RUNNING' and (owner = :owner or owner is null or lease_until < now())
                    for update skip locked)
                update backfill set owner = :owner, lease_until = now() + :leaseMillis * interval '1 millisecond'
                from running
                where backfill.id = running.id
                returning backfill.id, backfill.chunk_size, running.owner as previous_owner, backfill.scanned
                """)
            .param("owner", owner)
            .param("leaseMillis", lease.toMillis())
            .query((rs, row) -> new Run(rs.getLong("id"), rs.getInt("chunk_size"), rs.getString("previous_owner"),
                    rs.getLong("scanned")))
            .optional();
    }

    /**
     * Locks the backfill's row until the chunk's transaction ends: a takeover waits (and
     * then finds the lease renewed), so only the owner writes a chunk, and reads the
     * cursor the previous chunk committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Cursor> lockForChunk(Run run) {
        return jdbc.sql("select state, owner, last_member_id from backfill where id = :id for update")
            .param("id", run.id())
            .query((rs, row) -> new Cursor(rs.getString("state"), rs.getString("owner"),
                    rs.getObject("last_member_id", UUID.class)))
            .optional();
    }

    /** A chunk done: the cursor, the counters and a renewed lease, with its events. */
    @Transactional(propagation = Propagation.MANDATORY)
    void advance(Run run, UUID lastMemberId, int scanned, int emitted, Duration lease) {
        jdbc.sql("""
                update backfill set last_member_id = :lastMemberId, scanned = scanned + :scanned,
                                    emitted = emitted + :emitted,
                                    lease_until = now() + :leaseMillis * interval '1 millisecond'
                where id = :id
                """)
            .param("lastMemberId", lastMemberId)
            .param("scanned", scanned)
            .param("emitted", emitted)
            .param("leaseMillis", lease.toMillis())
            .param("id", run.id())
            .update();
    }

    /**
     * @return the finished backfill's status
     */
    @Transactional(propagation = Propagation.MANDATORY)
    BackfillStatus finish(Run run) {
        return jdbc.sql("""
                update backfill set state = 'DONE', finished_at = now(), owner = null, lease_until = null
                where id = :id
                returning scanned, emitted, started_at, finished_at
                """)
            .param("id", run.id())
            .query((rs, row) -> new BackfillStatus(BackfillStatus.State.DONE, rs.getLong("scanned"),
                    rs.getLong("emitted"), instant(rs, "started_at"), instant(rs, "finished_at")))
            .single();
    }

    /**
     * @return false when {@code owner} no longer holds it
     */
    boolean renewLease(Run run, String owner, Duration lease) {
        return jdbc.sql("""
                update backfill set lease_until = now() + :leaseMillis * interval '1 millisecond'
                where id = :id and state = 'RUNNING' and owner = :owner
                """).param("leaseMillis", lease.toMillis()).param("id", run.id()).param("owner", owner).update() == 1;
    }

    void fail(Run run, String owner, String failure) {
        jdbc.sql("""
                update backfill set state = 'FAILED', finished_at = now(), failure = :failure, owner = null,
                                    lease_until = null
                where id = :id and state = 'RUNNING' and owner = :owner
                """).param("failure", failure).param("id", run.id()).param("owner", owner).update();
    }

    /**
     * For another instance to take over at its next look, rather than after the lease.
     */
    void release(String owner) {
        jdbc.sql("update backfill set owner = null, lease_until = null where state = 'RUNNING' and owner = :owner")
            .param("owner", owner)
            .update();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

}
