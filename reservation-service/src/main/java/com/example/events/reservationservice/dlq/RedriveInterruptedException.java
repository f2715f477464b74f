package com.example.events.reservationservice.dlq;

import com.example.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * The redrive stopped part way; {@code moved} says how many messages are back on the
 * queue. What was not moved is still in the DLQ, so the redrive can simply be repeated.
 */
class RedriveInterruptedException extends ProblemException {

    RedriveInterruptedException(int moved, String reason) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "/problems/redrive-interrupted", "Redrive interrupted",
                "Moved " + moved + " message(s), then " + reason + "; the rest is still in the dead-letter queue");
        getBody().setProperty("moved", moved);
    }

}
