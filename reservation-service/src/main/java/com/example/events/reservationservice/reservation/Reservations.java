package com.example.events.reservationservice.reservation;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.example.events.reservationservice.memberreplica.MemberReplicaLock;
import com.example.events.reservationservice.memberreplica.MemberStatus;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading and cancelling reservations. */
@Service
class Reservations {

    /** PostgreSQL's exclusion_violation: the no-overlap constraint refused the row. */
    private static final String EXCLUSION_VIOLATION = "23P01";

    private final ReservationRepository repository;

    private final MemberReplicaLock memberLock;

    private final Clock clock;

    Reservations(ReservationRepository repository, MemberReplicaLock memberLock, Clock clock) {
        this.repository = repository;
        this.memberLock = memberLock;
        this.clock = clock;
    }

    /**
     * The member is checked under a lock that the member's deletion also takes, and kept
     * until this commits: a reservation racing the deletion either commits first (and the
     * deletion then removes it) or sees the member deleted. Overlaps are refused by the
     * database, so two concurrent requests cannot both win.
     */
    @Transactional
    Reservation create(CreateReservationRequest request) {
        UUID memberId = request.memberId();
        MemberStatus status = memberLock.lockStatus(memberId).orElseThrow(() -> new UnknownMemberException(memberId));
        if (status == MemberStatus.DELETED) {
            throw new DeletedMemberException(memberId);
        }
        String resource = request.resource().strip();
        var reservation = new Reservation(memberId, resource, request.startsAt(), request.endsAt(), clock.instant());
        try {
            return repository.saveAndFlush(reservation);
        }
        catch (DataIntegrityViolationException ex) {
            if (hasSqlState(ex, EXCLUSION_VIOLATION)) {
                throw new ReservationConflictException(resource);
            }
            throw ex;
        }
    }

    @Transactional(readOnly = true)
    Reservation get(UUID id) {
        return repository.findById(id).orElseThrow(() -> new ReservationNotFoundException(id));
    }

    @Transactional(readOnly = true)
    Page<Reservation> pageOfMember(UUID memberId, Pageable pageable) {
        return repository.findByMemberId(memberId, pageable);
    }

    /**
     * One statement: of two concurrent cancellations the second waits for the first's row
     * lock, then finds nothing to delete and answers not found.
     */
    @Transactional
    void cancel(UUID id) {
        if (repository.deleteOne(id) == 0) {
            throw new ReservationNotFoundException(id);
        }
    }

    private static boolean hasSqlState(Throwable ex, String sqlState) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

}
