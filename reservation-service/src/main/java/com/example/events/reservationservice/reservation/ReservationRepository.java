package com.example.events.reservationservice.reservation;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ReservationRepository extends JpaRepository<Reservation, UUID> {

    Page<Reservation> findByMemberId(UUID memberId, Pageable pageable);

    long countByMemberId(UUID memberId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from Reservation r where r.memberId = :memberId")
    int deleteAllOfMember(UUID memberId);

}
