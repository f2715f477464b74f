package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * One message on the queue, parsed: an event this service applies, with the fields its
 * type has (schema version {@value #SCHEMA_VERSION}), or one it deliberately leaves
 * alone. The JSON is shared with member-service (see {@code contracts/member-events}),
 * never these types.
 */
sealed interface MemberEvent {

    /** The newest body version this service understands. */
    int SCHEMA_VERSION = 1;

    UUID eventId();

    /** The name on the wire, also for types this service does not know. */
    String eventType();

    record Registered(UUID eventId, long sequence, Instant occurredAt, UUID memberId) implements Applicable {

        @Override
        public MemberEventType type() {
            return MemberEventType.REGISTERED;
        }
    }

    record Deleted(UUID eventId, long sequence, Instant occurredAt, UUID memberId) implements Applicable {

        @Override
        public MemberEventType type() {
            return MemberEventType.DELETED;
        }
    }

    /**
     * A member as it is, from a backfill or a re-emit: applied as a registration is, yet
     * named apart, as it announces no new member.
     */
    record Snapshot(UUID eventId, long sequence, Instant occurredAt, UUID memberId) implements Applicable {

        @Override
        public MemberEventType type() {
            return MemberEventType.SNAPSHOT;
        }
    }

    /**
     * A well-formed event this version cannot apply: never acknowledged, so that it waits
     * in the dead-letter queue, where an operator sees it, until an upgraded version
     * applies it after a redrive.
     *
     * @param reason a metric tag: {@code unknown-event-type} or
     * {@code newer-schema-version}
     */
    record NotApplicable(UUID eventId, String eventType, int schemaVersion, String reason) implements MemberEvent {
    }

    /** An event of a type this service consumes. */
    sealed interface Applicable extends MemberEvent permits Registered, Deleted, Snapshot {

        MemberEventType type();

        long sequence();

        Instant occurredAt();

        UUID memberId();

        @Override
        default String eventType() {
            return type().wireName();
        }

    }

}
