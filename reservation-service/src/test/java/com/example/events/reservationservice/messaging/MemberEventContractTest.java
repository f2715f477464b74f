package com.example.events.reservationservice.messaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.example.events.testsupport.MemberEventSchemas;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads the contract's files (the same ones member-service's tests check its output
 * against) with this service's own event record. No class is shared between the services;
 * only these files are.
 */
class MemberEventContractTest {

    private static final Path CONTRACT = Path.of("..", "contracts", "member-events");

    private final MemberEventParser parser = new MemberEventParser(JsonMapper.builder().build(), List.of());

    @Test
    void memberRegisteredAsDocumented() throws IOException {
        MemberEvent event = parser.parse(Files.readString(CONTRACT.resolve("member-registered.json")));

        assertThat(event).isEqualTo(new MemberEvent.Registered(UUID.fromString("6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40"),
                41L, Instant.parse("2026-11-24T09:14:00Z"), UUID.fromString("0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08")));
        assertThat(event.eventType()).isEqualTo("MemberRegistered");
    }

    @Test
    void memberDeletedAsDocumented() throws IOException {
        MemberEvent event = parser.parse(Files.readString(CONTRACT.resolve("member-deleted.json")));

        assertThat(event).isEqualTo(new MemberEvent.Deleted(UUID.fromString("a3d85c17-6e2f-4b90-8c41-d7f0e9b2a561"),
                42L, Instant.parse("2026-11-24T09:15:00Z"), UUID.fromString("0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08")));
        assertThat(event.eventType()).isEqualTo("MemberDeleted");
    }

    @Test
    void memberSnapshotAsDocumentedIsASnapshotNotARegistration() throws IOException {
        MemberEvent event = parser.parse(Files.readString(CONTRACT.resolve("member-snapshot.json")));

        assertThat(event).isEqualTo(new MemberEvent.Snapshot(UUID.fromString("c81e5a2f-0d4b-4f7a-a3c9-1e6b8d2f5a70"),
                57L, Instant.parse("2026-11-24T09:20:00Z"), UUID.fromString("5d2a8c61-3f7e-4b19-9e04-c6a1b7d3e2f9")));
        assertThat(event.eventType()).isEqualTo("MemberSnapshot");
    }

    @Test
    void theContractHasExactlyTheEventsThisServiceConsumes() throws IOException {
        try (var files = Files.list(CONTRACT)) {
            assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")))
                .containsExactlyInAnyOrder("member-registered.json", "member-deleted.json", "member-snapshot.json");
        }
        assertThat(MessagingTopology.CONSUMED_EVENT_TYPES).containsExactlyInAnyOrder("MemberRegistered",
                "MemberDeleted", "MemberSnapshot");
    }

    @Test
    void unknownFieldsAreIgnored() {
        MemberEvent event = parser.parse("""
                {"eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberRegistered", "schemaVersion": 1,
                 "sequence": 41, "occurredAt": "2026-11-24T09:14:00Z",
                 "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08", "traceparent": "x", "extra": {"a": 1}}
                """);
        assertThat(event).isInstanceOfSatisfying(MemberEvent.Registered.class,
                registered -> assertThat(registered.sequence()).isEqualTo(41L));
    }

    @Test
    void anUnknownTypeOrNewerVersionNeedsOnlyTheEnvelope() {
        MemberEvent renamed = parser.parse("""
                {"eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberRenamed", "schemaVersion": 1}
                """);
        assertThat(renamed).isEqualTo(new MemberEvent.NotApplicable(
                UUID.fromString("6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40"), "MemberRenamed", 1, "unknown-event-type"));
        MemberEvent newer = parser.parse("""
                {"eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberDeleted", "schemaVersion": 2}
                """);
        assertThat(newer).isInstanceOfSatisfying(MemberEvent.NotApplicable.class,
                notApplicable -> assertThat(notApplicable.schemaVersion()).isEqualTo(2));
    }

    @Test
    void whatIsNotAMemberEventIsRefused() {
        for (String body : new String[] { "", "not json", "null", "[]", "{}",
                "{\"eventId\": \"nope\", \"eventType\": \"MemberDeleted\", \"schemaVersion\": 1}",
                "{\"eventType\": \"MemberDeleted\", \"schemaVersion\": 1, \"sequence\": 1}",
                """
                        {"eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberDeleted", "schemaVersion": 1,
                         "sequence": 42, "occurredAt": "2026-11-24T09:15:00Z"}""",
                """
                        {"eventId": "6f1c9d4e-2b7a-4c1e-9f3d-8a5b2c7e1d40", "eventType": "MemberDeleted", "schemaVersion": 1,
                         "occurredAt": "2026-11-24T09:15:00Z", "memberId": "0b7e3f52-91c4-4d8a-b6e2-5f1a9c3d7e08"}""" }) {
            assertThatThrownBy(() -> parser.parse(body)).as(body).isInstanceOf(MalformedMemberEventException.class);
        }
    }

    /**
     * A contract raised to a new major version fails here until this consumer reads it: a
     * producer may publish it only once every consumer does.
     */
    @Test
    void thisConsumerReadsTheContractsMajorVersion() {
        assertThat(MemberEvent.SCHEMA_VERSION).isGreaterThanOrEqualTo(MemberEventSchemas.majorVersion());
    }

}
