package com.example.events.memberservice.eventlog;

import java.time.Instant;
import java.util.UUID;

/**
 * The message body on topic {@code member-events}, exactly as documented in
 * docs/event-contract.md and in {@code contracts/member-events}. Consumers keep their own
 * copy of this shape; only the JSON is shared.
 */
record MemberEvent(UUID eventId, String eventType, int schemaVersion, long sequence, Instant occurredAt,
        UUID memberId) {

    static final int SCHEMA_VERSION = 1;

}
