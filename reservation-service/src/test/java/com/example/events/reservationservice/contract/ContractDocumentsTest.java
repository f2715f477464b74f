package com.example.events.reservationservice.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.example.events.testsupport.MemberEventSchemas;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract's documents agree with each other: the fixtures this service's tests feed
 * to its consumer and every example in asyncapi.yaml validate against the JSON Schemas,
 * and asyncapi.yaml's filter policy is the one the public contract documents
 * (CONTRACT.md, "Replay").
 */
class ContractDocumentsTest {

    /**
     * As documented, for the subscriber named {@code reservation}: this service's
     * subscription.
     */
    static final String DOCUMENTED_FILTER_POLICY = """
            {"eventType": ["MemberRegistered", "MemberDeleted", "MemberSnapshot"],
             "$or": [{"replayFor": [{"exists": false}]}, {"replayFor": ["reservation"]}]}
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Path CONTRACT = MemberEventSchemas.contract();

    @Test
    void theFixturesAreValidMemberEvents() throws IOException {
        List<Path> fixtures;
        try (var files = Files.list(CONTRACT)) {
            fixtures = files.filter(path -> path.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(fixtures).isNotEmpty();
        for (Path fixture : fixtures) {
            assertThat(MemberEventSchemas.bodyErrors(Files.readString(fixture))).as(fixture.toString()).isEmpty();
        }
    }

    @Test
    void everyAsyncApiExampleValidatesAgainstItsMessagesSchemas() {
        JsonNode messages = asyncApi().path("components").path("messages");
        List<String> checked = new ArrayList<>();
        for (var message : messages.properties()) {
            Schema headers = referenced(message.getValue().path("headers"));
            Schema payload = referenced(message.getValue().path("payload"));
            assertThat(message.getValue().path("examples").isEmpty()).as(message.getKey() + " has examples").isFalse();
            for (JsonNode example : message.getValue().path("examples")) {
                String name = message.getKey() + "/" + example.path("name").asString();
                assertThat(MemberEventSchemas.errors(headers, example.path("headers"))).as(name).isEmpty();
                assertThat(MemberEventSchemas.errors(payload, example.path("payload"))).as(name).isEmpty();
                assertThat(example.path("payload").path("eventType").asString()).as(name).isEqualTo(message.getKey());
                assertThat(example.path("headers").path("eventType").asString()).as(name).isEqualTo(message.getKey());
                checked.add(name);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theFixturesAreTheAsyncApiExamples() throws IOException {
        JsonNode messages = asyncApi().path("components").path("messages");
        assertThat(JSON.readTree(Files.readString(CONTRACT.resolve("member-registered.json"))))
            .isEqualTo(messages.path("MemberRegistered").path("examples").get(0).path("payload"));
        assertThat(JSON.readTree(Files.readString(CONTRACT.resolve("member-deleted.json"))))
            .isEqualTo(messages.path("MemberDeleted").path("examples").get(0).path("payload"));
        assertThat(JSON.readTree(Files.readString(CONTRACT.resolve("member-snapshot.json"))))
            .isEqualTo(messages.path("MemberSnapshot").path("examples").get(0).path("payload"));
    }

    @Test
    void theAsyncApiFilterPolicyIsTheDocumentedOne() {
        JsonNode consumers = asyncApi().path("operations")
            .path("publishMemberEvents")
            .path("bindings")
            .path("sns")
            .path("consumers");
        assertThat(consumers.size()).isEqualTo(1);
        assertThat(consumers.get(0).path("endpoint").path("name").asString()).isEqualTo("reservation-member-events");
        assertThat(consumers.get(0).path("filterPolicyScope").asString()).isEqualTo("MessageAttributes");
        assertThat(consumers.get(0).path("x-filterPolicy")).isEqualTo(JSON.readTree(DOCUMENTED_FILTER_POLICY));
    }

    // The messages' schemas are referenced relative to asyncapi.yaml, as in
    // './schemas/member-event.schema.json'.
    private static Schema referenced(JsonNode reference) {
        String path = reference.path("$ref").asString();
        assertThat(path).startsWith("./");
        return MemberEventSchemas.schema(path.substring(2));
    }

    private static JsonNode asyncApi() {
        try {
            return YAMLMapper.builder().build().readTree(Files.readString(CONTRACT.resolve("asyncapi.yaml")));
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}
