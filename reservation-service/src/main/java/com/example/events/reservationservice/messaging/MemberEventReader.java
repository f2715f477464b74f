package com.example.events.reservationservice.messaging;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns a message body into a {@link MemberEvent}, or says why it is not one. */
@Component
class MemberEventReader {

    private final JsonMapper json;

    MemberEventReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * @throws MalformedMemberEventException when the body is not JSON, or lacks a field the event needs: every event
     *         has an id, a type and a schema version; a version-1 event of a known type also has a sequence, the time
     *         it occurred and the member id
     */
    MemberEvent read(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedMemberEventException("Empty message body");
        }
        MemberEvent event;
        try {
            event = json.readValue(body, MemberEvent.class);
        }
        catch (JacksonException ex) {
            throw new MalformedMemberEventException("Not a member event: " + ex.getOriginalMessage(), ex);
        }
        if (event == null) {
            throw new MalformedMemberEventException("Not a member event: the body is JSON null");
        }
        List<String> missing = new ArrayList<>();
        if (event.eventId() == null) {
            missing.add("eventId");
        }
        if (event.eventType() == null || event.eventType().isBlank()) {
            missing.add("eventType");
        }
        if (event.schemaVersion() == null || event.schemaVersion() < 1) {
            missing.add("schemaVersion");
        }
        if (missing.isEmpty() && event.schemaVersion() <= MemberEvent.SCHEMA_VERSION && isKnownType(event)) {
            if (event.sequence() == null) {
                missing.add("sequence");
            }
            if (event.occurredAt() == null) {
                missing.add("occurredAt");
            }
            if (event.memberId() == null) {
                missing.add("memberId");
            }
        }
        if (!missing.isEmpty()) {
            throw new MalformedMemberEventException("Member event without valid " + String.join(", ", missing));
        }
        return event;
    }

    static boolean isKnownType(MemberEvent event) {
        return MemberEvent.MEMBER_REGISTERED.equals(event.eventType())
                || MemberEvent.MEMBER_DELETED.equals(event.eventType());
    }
}
