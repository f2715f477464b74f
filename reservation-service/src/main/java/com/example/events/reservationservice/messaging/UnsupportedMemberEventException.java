package com.example.events.reservationservice.messaging;

/**
 * An event of a type or schema version this version of the service cannot apply, as a
 * newer member-service sends during a rolling deploy. It is not acknowledged, so it waits
 * in the dead-letter queue for this service's upgrade and a redrive instead of being
 * lost.
 */
class UnsupportedMemberEventException extends RuntimeException {

    UnsupportedMemberEventException(MemberEvent.NotApplicable event) {
        super("Event " + event.eventId() + " (" + UntrustedText.forLog(event.eventType()) + ", schema version "
                + event.schemaVersion() + ") cannot be applied by this version: " + event.reason());
    }

}
