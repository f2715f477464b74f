package com.example.events.reservationservice.reservation;

import com.example.events.reservationservice.memberreplica.MembersDeleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A deleted member keeps no reservations: they go in the transaction that marks the
 * member deleted, in one statement for all the members it deletes. Counted rather than
 * logged at INFO: a line per deleted member would cost more than deleting the
 * reservations.
 */
@Component
class ReservationsOfDeletedMembers {

    static final String REMOVED_METER = "reservations.removed.of.deleted.members";

    private static final Logger log = LoggerFactory.getLogger(ReservationsOfDeletedMembers.class);

    private final ReservationRepository repository;

    private final Counter removed;

    ReservationsOfDeletedMembers(ReservationRepository repository, MeterRegistry meters) {
        this.repository = repository;
        this.removed = Counter.builder(REMOVED_METER)
            .description("Reservations removed because their member was deleted")
            .register(meters);
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(MembersDeleted deleted) {
        int count = repository.deleteAllOfMembers(deleted.memberIds());
        removed.increment(count);
        log.debug("Members {} deleted: removed {} reservation(s)", deleted.memberIds(), count);
    }

}
