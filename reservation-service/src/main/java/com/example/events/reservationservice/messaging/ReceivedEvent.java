package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.Map;

/**
 * An event as this service received it.
 *
 * @param sentAt when the broker accepted the message (its {@code SentTimestamp}); null
 * when the broker did not say
 * @param receivedAt when the listener received it
 * @param logContext the log context (MDC) inside the message's span
 */
record ReceivedEvent(MemberEvent.Applicable event, Instant sentAt, Instant receivedAt, Map<String, String> logContext) {
}
