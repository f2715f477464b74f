package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns a message body into a {@link MemberEvent}, or says why it is not one. */
@Component
class MemberEventParser {

    /**
     * The body as it is on the wire. Fields are boxed so that a missing one is told apart
     * from a zero; fields this version does not know are ignored.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(UUID eventId, String eventType, Integer schemaVersion, Long sequence, Instant occurredAt,
            UUID memberId) {
    }

    private final JsonMapper json;

    private final Map<Integer, NewerSchemaVersion> newerVersions;

    MemberEventParser(JsonMapper json, List<NewerSchemaVersion> newerVersions) {
        this.json = json;
        this.newerVersions = newerVersions.stream()
            .collect(Collectors.toUnmodifiableMap(NewerSchemaVersion::schemaVersion, Function.identity()));
    }

    /**
     * @throws MalformedMemberEventException when the body is not JSON, or lacks a field
     * the event needs: every event has an id, a type and a schema version; a version-1
     * event of a known type also has a sequence, the time it occurred and the member id;
     * a newer version is read by its {@link NewerSchemaVersion}, if this service has one
     */
    MemberEvent parse(String body) {
        Body event = read(body);
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
        if (!missing.isEmpty()) {
            throw malformed(missing);
        }
        if (event.schemaVersion() > MemberEvent.SCHEMA_VERSION) {
            NewerSchemaVersion reader = newerVersions.get(event.schemaVersion());
            return (reader != null) ? reader.read(json.readTree(body)) : notApplicable(event, "newer-schema-version");
        }
        Optional<MemberEventType> type = MemberEventType.fromWireName(event.eventType());
        if (type.isEmpty()) {
            return notApplicable(event, "unknown-event-type");
        }
        if (event.sequence() == null) {
            missing.add("sequence");
        }
        if (event.occurredAt() == null) {
            missing.add("occurredAt");
        }
        if (event.memberId() == null) {
            missing.add("memberId");
        }
        if (!missing.isEmpty()) {
            throw malformed(missing);
        }
        return switch (type.get()) {
            case REGISTERED ->
                new MemberEvent.Registered(event.eventId(), event.sequence(), event.occurredAt(), event.memberId());
            case DELETED ->
                new MemberEvent.Deleted(event.eventId(), event.sequence(), event.occurredAt(), event.memberId());
            case SNAPSHOT ->
                new MemberEvent.Snapshot(event.eventId(), event.sequence(), event.occurredAt(), event.memberId());
        };
    }

    private Body read(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedMemberEventException("Empty message body");
        }
        Body event;
        try {
            event = json.readValue(body, Body.class);
        }
        catch (JacksonException ex) {
            throw new MalformedMemberEventException("Not a member event: " + ex.getOriginalMessage(), ex);
        }
        if (event == null) {
            throw new MalformedMemberEventException("Not a member event: the body is JSON null");
        }
        return event;
    }

    private static MemberEvent.NotApplicable notApplicable(Body event, String reason) {
        return new MemberEvent.NotApplicable(event.eventId(), event.eventType(), event.schemaVersion(), reason);
    }

    private static MalformedMemberEventException malformed(List<String> missing) {
        return new MalformedMemberEventException("Member event without valid " + String.join(", ", missing));
    }

}
