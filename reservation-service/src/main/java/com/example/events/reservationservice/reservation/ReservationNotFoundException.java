package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.events.reservationservice.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class ReservationNotFoundException extends ErrorResponseException {

    ReservationNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        return Problems.problem(HttpStatus.NOT_FOUND, "/problems/reservation-not-found", "Reservation not found",
                "No reservation with id " + id);
    }

}
