package com.example.events.reservationservice.messaging;

import java.time.Instant;
import java.util.UUID;

import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Version 2 of the contract as a test double, for the upgraded build of the consumer: the
 * member id moved into a nested object, a breaking change. Not a {@code @Configuration},
 * which a test or a component scan would pick up; an upgraded instance alone names it as
 * a source ({@code spring.main.sources}).
 */
class ContractVersion2 {

    /** A body of version 2, as an upgraded member-service publishes it. */
    static String body(UUID eventId, String eventType, long sequence, UUID memberId) {
        return """
                {"eventId": "%s", "eventType": "%s", "schemaVersion": 2, "sequence": %d,
                 "occurredAt": "%s", "member": {"id": "%s"}}
                """.formatted(eventId, eventType, sequence, Instant.now(), memberId);
    }

    @Bean
    NewerSchemaVersion version2() {
        return new NewerSchemaVersion() {

            @Override
            public int schemaVersion() {
                return 2;
            }

            @Override
            public MemberEvent read(JsonNode body) {
                UUID eventId = UUID.fromString(body.path("eventId").asString());
                long sequence = body.path("sequence").asLong();
                Instant occurredAt = Instant.parse(body.path("occurredAt").asString());
                UUID memberId = UUID.fromString(body.path("member").path("id").asString());
                return switch (body.path("eventType").asString()) {
                    case "MemberDeleted" -> new MemberEvent.Deleted(eventId, sequence, occurredAt, memberId);
                    case "MemberRegistered" -> new MemberEvent.Registered(eventId, sequence, occurredAt, memberId);
                    default -> new MemberEvent.NotApplicable(eventId, body.path("eventType").asString(), 2,
                            "unknown-event-type");
                };
            }
        };
    }

}
