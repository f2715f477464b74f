package com.example.events.reservationservice.reservation;

import com.example.events.reservationservice.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class ReservationConflictException extends ErrorResponseException {

    ReservationConflictException(String resource) {
        super(HttpStatus.CONFLICT, problem(resource), null);
    }

    private static ProblemDetail problem(String resource) {
        return Problems.problem(HttpStatus.CONFLICT, "/problems/reservation-overlap", "Reservation overlaps another",
                "Resource " + resource + " is already reserved for part of that time");
    }

}
