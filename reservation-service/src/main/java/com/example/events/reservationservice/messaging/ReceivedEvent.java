package com.example.events.reservationservice.messaging;

import java.time.Instant;

/**
 * An event as this service received it.
 *
 * @param sentAt when the broker accepted the message (its {@code SentTimestamp}); null
 * when the broker did not say
 * @param receivedAt when the listener received it
 */
record ReceivedEvent(MemberEvent.Applicable event, Instant sentAt, Instant receivedAt) {
}
