package com.example.events.reservationservice.reservation;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

interface ReservationRepository extends JpaRepository<Reservation, UUID> {

    Page<Reservation> findByMemberId(UUID memberId, Pageable pageable);

    long countByMemberId(UUID memberId);

    /**
     * Deletes every reservation of these members in one statement.
     * @return how many each member lost, for the members that had any
     */
    // SQL, not JPQL: Hibernate translates a JPQL delete anew on every call, and this
    // one runs for every transaction that deletes members. A query over the delete, so
    // that it can say whose rows went; read-write, which a repository's query is not by
    // default.
    @Transactional(propagation = Propagation.MANDATORY)
    @Query(value = """
            with removed as (delete from reservation where member_id in (:memberIds) returning member_id)
            select member_id as memberId, count(*) as removed from removed group by member_id
            """, nativeQuery = true)
    List<RemovedReservations> deleteAllOfMembers(Collection<UUID> memberIds);

    /** How many reservations of one member a deletion removed. */
    interface RemovedReservations {

        UUID getMemberId();

        long getRemoved();

    }

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "delete from reservation where id = :id", nativeQuery = true)
    int deleteOne(UUID id);

}
