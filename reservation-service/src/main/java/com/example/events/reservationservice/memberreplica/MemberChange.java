package com.example.events.reservationservice.memberreplica;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One event about a member, to be applied to the replica: the member's status as of
 * {@code sequence}.
 *
 * @param sentAt when the broker accepted the message; null when unknown
 * @param receivedAt when this service received it
 * @param logContext the log context (MDC) of the message that carried it: its trace and
 * span ids and the event's fields, for what is logged about this change in a transaction
 * shared with others
 */
public record MemberChange(UUID eventId, UUID memberId, MemberStatus status, long sequence, Instant sentAt,
        Instant receivedAt, Map<String, String> logContext) {

    public MemberChange {
        logContext = Map.copyOf(logContext);
    }

}
