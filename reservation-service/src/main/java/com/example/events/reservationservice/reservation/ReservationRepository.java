package com.example.events.reservationservice.reservation;

import java.util.Collection;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ReservationRepository extends JpaRepository<Reservation, UUID> {

    Page<Reservation> findByMemberId(UUID memberId, Pageable pageable);

    long countByMemberId(UUID memberId);

    // SQL, not JPQL: Hibernate translates a JPQL delete anew on every call, and this
    // one runs for every transaction that deletes members
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "delete from reservation where member_id in (:memberIds)", nativeQuery = true)
    int deleteAllOfMembers(Collection<UUID> memberIds);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "delete from reservation where id = :id", nativeQuery = true)
    int deleteOne(UUID id);

}
