package com.example.events.reservationservice.messaging;

import tools.jackson.databind.JsonNode;

/**
 * How this service reads a major schema version newer than the one its parser knows. A
 * breaking change of the contract reaches consumers first: each adds a bean of this type
 * for the new version, then member-service publishes it (docs/event-contract.md). Until a
 * consumer has one, events of that version wait in its dead-letter queue.
 */
interface NewerSchemaVersion {

    int schemaVersion();

    /**
     * @param body the whole message body, whose {@code eventId}, {@code eventType} and
     * {@code schemaVersion} are already checked
     * @return the event as this service applies it, or {@link MemberEvent.NotApplicable}
     * for a type this version does not apply
     * @throws MalformedMemberEventException when the body lacks what the version requires
     */
    MemberEvent read(JsonNode body);

}
