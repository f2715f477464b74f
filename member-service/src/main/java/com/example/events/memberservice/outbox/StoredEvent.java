package com.example.events.memberservice.outbox;

import java.time.Instant;
import java.util.UUID;

/** One row of the event log. */
record StoredEvent(long sequence, UUID eventId, MemberEventType eventType, int schemaVersion, UUID memberId,
        Instant occurredAt, String traceparent) {

    MemberEvent toMessage() {
        return new MemberEvent(eventId, eventType, schemaVersion, sequence, occurredAt, memberId);
    }
}
