package com.example.events.reservationservice.reservation;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class ReservationConflictException extends ProblemException {

    ReservationConflictException(String resource) {
        super(HttpStatus.CONFLICT, "/problems/reservation-overlap", "Reservation overlaps another",
                "Resource " + resource + " is already reserved for part of that time");
    }

}
