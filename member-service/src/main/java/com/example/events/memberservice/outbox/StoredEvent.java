package com.example.events.memberservice.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the event log, as a relay claims it.
 *
 * @param replayFor the one subscriber a replay addresses, or null for every subscriber
 * @param pendingSince when it became due for publishing: stored, or queued again by a
 * replay
 */
record StoredEvent(long sequence, UUID eventId, MemberEventType eventType, int schemaVersion, UUID memberId,
        Instant occurredAt, String traceparent, String replayFor, Instant pendingSince) {

    MemberEvent toMessage() {
        return new MemberEvent(eventId, eventType, schemaVersion, sequence, occurredAt, memberId);
    }
}
