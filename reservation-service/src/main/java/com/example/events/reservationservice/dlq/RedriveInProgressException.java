package com.example.events.reservationservice.dlq;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/** A message move task of the DLQ is running: a second redrive would race it. */
class RedriveInProgressException extends ProblemException {

    RedriveInProgressException(Long moved, Long toMove) {
        super(HttpStatus.CONFLICT, "/problems/redrive-in-progress", "Redrive in progress",
                "A message move task of the dead-letter queue is running (" + (moved == null ? 0 : moved) + " of "
                        + (toMove == null ? "?" : toMove) + " moved); wait for it to finish");
    }

}
