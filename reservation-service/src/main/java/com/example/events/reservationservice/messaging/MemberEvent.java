package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * This service's own copy of the message body on topic {@code member-events}, as documented in
 * {@code contracts/member-events}. Only the JSON is shared with member-service, never this class. Fields are boxed
 * so that a missing one is told apart from a zero; fields this version does not know are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record MemberEvent(UUID eventId, String eventType, Integer schemaVersion, Long sequence, Instant occurredAt,
        UUID memberId) {

    /** The newest body version this reader understands. */
    static final int SCHEMA_VERSION = 1;

    static final String MEMBER_REGISTERED = "MemberRegistered";
    static final String MEMBER_DELETED = "MemberDeleted";
}
