package com.example.events.memberservice.eventlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import com.example.events.testsupport.MemberEventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What this service publishes has exactly the shape of the documented examples in
 * {@code contracts/member-events}, the same files reservation-service's tests feed to its
 * consumer.
 */
class MemberEventContractTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = { "member-registered.json", "member-deleted.json", "member-snapshot.json" })
    void publishedJsonMatchesTheDocumentedExample(String file) throws IOException {
        JsonNode documented = json.readTree(Files.readString(Path.of("..", "contracts", "member-events", file)));
        var event = new MemberEvent(UUID.fromString(documented.get("eventId").asString()),
                documented.get("eventType").asString(), documented.get("schemaVersion").asInt(),
                documented.get("sequence").asLong(), Instant.parse(documented.get("occurredAt").asString()),
                UUID.fromString(documented.get("memberId").asString()));

        JsonNode published = json.readTree(json.writeValueAsString(event));

        assertThat(published).isEqualTo(documented);
        assertThat(event.schemaVersion()).isEqualTo(MemberEvent.SCHEMA_VERSION);
    }

    /** What this service publishes is the contract's major version, no other. */
    @Test
    void theSchemaVersionItPublishesIsTheContractsMajorVersion() {
        assertThat(MemberEvent.SCHEMA_VERSION).isEqualTo(MemberEventSchemas.majorVersion());
    }

}
