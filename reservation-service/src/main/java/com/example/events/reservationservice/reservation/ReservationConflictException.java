package com.example.events.reservationservice.reservation;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class ReservationConflictException extends ErrorResponseException {

    ReservationConflictException(String resource) {
        super(HttpStatus.CONFLICT, problem(resource), null);
    }

    private static ProblemDetail problem(String resource) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
            "Resource " + resource + " is already reserved for part of that time");
        problem.setType(URI.create("/problems/reservation-overlap"));
        problem.setTitle("Reservation overlaps another");
        return problem;
    }
}
