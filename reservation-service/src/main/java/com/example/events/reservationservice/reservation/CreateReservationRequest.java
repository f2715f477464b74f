package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The times are kept to the microsecond, as PostgreSQL keeps them: the answer then equals
 * what a later read returns, and {@code endsAt} is checked against {@code startsAt} as
 * stored, so that two times apart by less than a microsecond are refused as not after
 * each other.
 */
@EndsAfterStarts
record CreateReservationRequest(@NotNull UUID memberId, @NotBlank @Size(max = 100) String resource,
        @NotNull Instant startsAt, @NotNull Instant endsAt) {

    CreateReservationRequest {
        startsAt = micros(startsAt);
        endsAt = micros(endsAt);
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

}
