package com.example.events.reservationservice.reservation;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.example.events.reservationservice.memberreplica.MembersDeleted;
import com.example.events.reservationservice.reservation.ReservationRepository.RemovedReservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deleted member keeps no reservations: they go in the transaction that marks the
 * member deleted, in one statement for all the members it deletes.
 */
@Component
class ReservationsOfDeletedMembers {

    private static final Logger log = LoggerFactory.getLogger(ReservationsOfDeletedMembers.class);

    private final ReservationRepository repository;

    ReservationsOfDeletedMembers(ReservationRepository repository) {
        this.repository = repository;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(MembersDeleted deleted) {
        Map<UUID, Long> removedOf = repository.deleteAllOfMembers(deleted.sequences().keySet())
            .stream()
            .collect(Collectors.toMap(RemovedReservations::getMemberId, RemovedReservations::getRemoved));
        deleted.sequences()
            .forEach((member, sequence) -> deleted.inLogContextOf(member,
                    () -> log.info("Member {} deleted (sequence {}): removed {} reservation(s)", member, sequence,
                            removedOf.getOrDefault(member, 0L))));
    }

}
