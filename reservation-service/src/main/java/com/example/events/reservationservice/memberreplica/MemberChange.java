package com.example.events.reservationservice.memberreplica;

import java.time.Instant;
import java.util.UUID;

/**
 * One event about a member, to be applied to the replica: the member's status as of
 * {@code sequence}.
 *
 * @param sentAt when the broker accepted the message; null when unknown
 * @param receivedAt when this service received it
 */
public record MemberChange(UUID eventId, UUID memberId, MemberStatus status, long sequence, Instant sentAt,
        Instant receivedAt) {
}
