package com.example.events.reservationservice.reservation;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class ReservationNotFoundException extends ErrorResponseException {

    ReservationNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
            "No reservation with id " + id);
        problem.setType(URI.create("/problems/reservation-not-found"));
        problem.setTitle("Reservation not found");
        return problem;
    }
}
