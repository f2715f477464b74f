package com.example.events.reservationservice.reservation;

import java.util.UUID;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

class ReservationNotFoundException extends ProblemException {

    ReservationNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "/problems/reservation-not-found", "Reservation not found",
                "No reservation with id " + id);
    }

}
