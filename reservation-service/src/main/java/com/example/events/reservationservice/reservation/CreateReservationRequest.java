package com.example.events.reservationservice.reservation;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@EndsAfterStarts
record CreateReservationRequest(@NotNull UUID memberId, @NotBlank @Size(max = 100) String resource,
        @NotNull Instant startsAt, @NotNull Instant endsAt) {
}
