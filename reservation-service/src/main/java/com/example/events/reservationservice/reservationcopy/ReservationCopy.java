package com.example.events.reservationservice.reservationcopy;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies the reservations of the database this service was split out of into its own, in
 * chunks ordered by reservation id. Each chunk is one transaction of this service's
 * database that also moves the copy's cursor ({@code reservation_copy}), so a copy killed
 * at any moment resumes after its last committed chunk and writes every reservation once;
 * two copies at once take turns on the cursor's row.
 * <p>
 * A reservation is copied only while the replica holds its member as active, read under
 * the lock a member's deletion takes (as a new reservation is, see
 * {@code MemberReplicaLock}): it either commits before the deletion, which then removes
 * it, or sees the member deleted and is skipped. A member the replica does not know stops
 * the copy: its events have not arrived (the backfill has not reached it, or the replica
 * drifted), and copying past it would lose its reservations for good.
 */
final class ReservationCopy {

    private static final String SOURCE_COLUMNS = "select id, member_id, resource, starts_at, ends_at, created_at "
            + "from reservation ";

    private final JdbcClient source;

    private final JdbcClient target;

    private final JdbcTemplate targetBatches;

    private final TransactionTemplate transactions;

    private final ReservationCopyProperties properties;

    private final Clock clock;

    ReservationCopy(JdbcClient source, JdbcTemplate target, TransactionTemplate transactions,
            ReservationCopyProperties properties, Clock clock) {
        this.source = source;
        this.target = JdbcClient.create(target);
        this.targetBatches = target;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** How many reservations the source holds now. */
    long sourceSize() {
        return source.sql("select count(*) from reservation").query(Long.class).single();
    }

    /**
     * Copies chunk after chunk until the source is read to its end.
     * @param afterEachChunk told the progress after every committed chunk
     * @return the progress at the end
     * @throws CopyStoppedException at a reservation that cannot be copied as it is
     */
    CopyProgress run(Consumer<CopyProgress> afterEachChunk) throws InterruptedException {
        while (true) {
            CopyProgress progress = transactions.execute(status -> copyNextChunk());
            afterEachChunk.accept(progress);
            if (progress.finished()) {
                return progress;
            }
            Thread.sleep(properties.pause());
        }
    }

    private CopyProgress copyNextChunk() {
        Cursor cursor = lockCursor();
        if (cursor.finished) {
            return cursor.progress();
        }
        var read = cursor.lastReservationId == null
                ? source.sql(SOURCE_COLUMNS + "order by id limit ?").param(properties.chunkSize())
                : source.sql(SOURCE_COLUMNS + "where id > ? order by id limit ?")
                    .params(cursor.lastReservationId, properties.chunkSize());
        List<SourceReservation> chunk = read
            .query((rs, row) -> new SourceReservation(rs.getObject("id", UUID.class),
                    rs.getObject("member_id", UUID.class), rs.getString("resource"), rs.getTimestamp("starts_at"),
                    rs.getTimestamp("ends_at"), rs.getTimestamp("created_at")))
            .list();
        if (chunk.isEmpty()) {
            target.sql("update reservation_copy set finished_at = ? where source = ?")
                .params(Timestamp.from(clock.instant()), properties.name())
                .update();
            return new CopyProgress(cursor.scanned, cursor.copied, cursor.alreadyCopied, cursor.skippedDeletedMember,
                    true);
        }
        Map<UUID, String> statusByMember = lockMembers(chunk.stream().map(SourceReservation::memberId).toList());
        List<SourceReservation> ofActiveMembers = new ArrayList<>();
        for (SourceReservation reservation : chunk) {
            String status = statusByMember.get(reservation.memberId());
            if (status == null) {
                throw new CopyStoppedException("reservation " + reservation.id() + " is of member "
                        + reservation.memberId() + ", whom this service's replica does not know: the backfill has "
                        + "not reached the member yet, or the replica drifted. Wait for the backfill to finish and "
                        + "ops/reconcile to report no drift (--repair), then run the copy again; it resumes here.");
            }
            if (status.equals("ACTIVE")) {
                ofActiveMembers.add(reservation);
            }
        }
        int copied = insert(ofActiveMembers);
        long scanned = cursor.scanned + chunk.size();
        long totalCopied = cursor.copied + copied;
        long alreadyCopied = cursor.alreadyCopied + ofActiveMembers.size() - copied;
        long skipped = cursor.skippedDeletedMember + chunk.size() - ofActiveMembers.size();
        target.sql("""
                update reservation_copy
                set last_reservation_id = ?, scanned = ?, copied = ?, already_copied = ?, skipped_deleted_member = ?
                where source = ?
                """)
            .params(chunk.getLast().id(), scanned, totalCopied, alreadyCopied, skipped, properties.name())
            .update();
        return new CopyProgress(scanned, totalCopied, alreadyCopied, skipped, false);
    }

    private Cursor lockCursor() {
        target.sql("insert into reservation_copy (source, started_at) values (?, ?) on conflict (source) do nothing")
            .params(properties.name(), Timestamp.from(clock.instant()))
            .update();
        return target.sql("""
                select last_reservation_id, scanned, copied, already_copied, skipped_deleted_member, finished_at
                from reservation_copy where source = ? for update
                """)
            .param(properties.name())
            .query((rs, row) -> new Cursor(rs.getObject("last_reservation_id", UUID.class), rs.getLong("scanned"),
                    rs.getLong("copied"), rs.getLong("already_copied"), rs.getLong("skipped_deleted_member"),
                    rs.getTimestamp("finished_at") != null))
            .single();
    }

    /**
     * The replica's status of each member, each row locked as a deletion's lock expects,
     * in member order (the order the replica's updates lock in).
     */
    private Map<UUID, String> lockMembers(Collection<UUID> memberIds) {
        String[] ids = new TreeSet<>(memberIds).stream().map(UUID::toString).toArray(String[]::new);
        Map<UUID, String> statusByMember = new HashMap<>();
        target.sql("""
                select member_id, status from member_replica
                where member_id = any(?::uuid[]) order by member_id for share
                """).param(ids).query(rs -> {
            statusByMember.put(rs.getObject("member_id", UUID.class), rs.getString("status"));
        });
        return statusByMember;
    }

    /**
     * @return how many were new here
     */
    private int insert(List<SourceReservation> reservations) {
        if (reservations.isEmpty()) {
            return 0;
        }
        try {
            int[] counts = targetBatches.batchUpdate("""
                    insert into reservation (id, member_id, resource, starts_at, ends_at, created_at)
                    values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing
                    """, reservations, reservations.size(), (statement, reservation) -> {
                statement.setObject(1, reservation.id());
                statement.setObject(2, reservation.memberId());
                statement.setString(3, reservation.resource());
                statement.setTimestamp(4, reservation.startsAt());
                statement.setTimestamp(5, reservation.endsAt());
                statement.setTimestamp(6, reservation.createdAt());
            })[0];
            int inserted = 0;
            for (int count : counts) {
                inserted += count;
            }
            return inserted;
        }
        catch (DataIntegrityViolationException ex) {
            // the copy keeps the rules a reservation made here obeys; the operator
            // settles the conflict
            throw new CopyStoppedException("a reservation of this chunk (after " + reservations.getFirst().id()
                    + ") breaks a rule of this service's reservations and was not copied: " + sqlMessage(ex)
                    + ". Settle it in the source, then run the copy again; it resumes here.");
        }
    }

    private static String sqlMessage(DataIntegrityViolationException ex) {
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException().getMessage();
        }
        return cause.getMessage();
    }

    private record SourceReservation(UUID id, UUID memberId, String resource, Timestamp startsAt, Timestamp endsAt,
            Timestamp createdAt) {
    }

    private record Cursor(UUID lastReservationId, long scanned, long copied, long alreadyCopied,
            long skippedDeletedMember, boolean finished) {

        CopyProgress progress() {
            return new CopyProgress(scanned, copied, alreadyCopied, skippedDeletedMember, finished);
        }

    }

}
