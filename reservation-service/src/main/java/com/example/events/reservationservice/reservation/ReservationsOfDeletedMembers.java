package com.example.events.reservationservice.reservation;

import com.example.events.reservationservice.memberreplica.MemberDeleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deleted member keeps no reservations: they go in the transaction that marks the
 * member deleted.
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
    void on(MemberDeleted deleted) {
        int removed = repository.deleteAllOfMember(deleted.memberId());
        log.info("Member {} deleted (sequence {}): removed {} reservation(s)", deleted.memberId(), deleted.sequence(),
                removed);
    }

}
