package com.example.events.reservationservice.messaging;

/**
 * A message on the queue that is not a member event at all: not JSON, or without the
 * fields every event has. Thrown out of the listener so the message is not acknowledged;
 * after {@code maxReceiveCount} receives SQS moves it to the dead-letter queue.
 */
class MalformedMemberEventException extends RuntimeException {

    MalformedMemberEventException(String message) {
        super(message);
    }

    MalformedMemberEventException(String message, Throwable cause) {
        super(message, cause);
    }

}
