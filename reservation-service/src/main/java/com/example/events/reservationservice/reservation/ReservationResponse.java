package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.util.UUID;

record ReservationResponse(UUID id, UUID memberId, String resource, Instant startsAt, Instant endsAt,
        Instant createdAt) {

    static ReservationResponse of(Reservation reservation) {
        return new ReservationResponse(reservation.getId(), reservation.getMemberId(), reservation.getResource(),
                reservation.getStartsAt(), reservation.getEndsAt(), reservation.getCreatedAt());
    }
}
