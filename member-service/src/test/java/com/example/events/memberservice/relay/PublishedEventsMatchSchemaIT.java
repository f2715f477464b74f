package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.testsupport.MemberEventSchemas;
import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message this service puts on the topic, live or replayed, as a subscriber
 * receives it, held against the contract's JSON Schemas: the body against
 * member-event.schema.json, the message attributes against
 * message-attributes.schema.json.
 */
class PublishedEventsMatchSchemaIT extends IntegrationTestSupport {

    private static final Set<String> DOCUMENTED_ATTRIBUTES = Set.of("eventType", "traceparent", "replayFor");

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void liveAndReplayedEventsOfEveryTypeMatchTheSchemas() {
        var registered = api.postWithHeader("/members", Map.of("name", "Schema Kim", "email", "schema@example.com"),
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(registered.getStatusCode().value()).isEqualTo(201);
        UUID member = UUID.fromString(registered.getBody().get("id").asString());
        assertThat(api.delete("/members/" + member).getStatusCode().value()).isEqualTo(204);
        List<Message> live = subscription.receive(2, Duration.ofSeconds(15));
        assertThat(live).hasSize(2);
        long first = live.stream()
            .mapToLong(message -> json.readTree(message.body()).get("sequence").asLong())
            .min()
            .orElseThrow();

        assertThat(api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", first)).getStatusCode().value())
            .isEqualTo(202);
        List<Message> replayed = subscription.receive(2, Duration.ofSeconds(15));
        assertThat(
                api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", first, "subscriber", "reservation"))
                    .getStatusCode()
                    .value())
            .isEqualTo(202);
        List<Message> replayedForOne = subscription.receive(2, Duration.ofSeconds(15));
        assertThat(replayed).hasSize(2);
        assertThat(replayedForOne).hasSize(2);

        for (List<Message> messages : List.of(live, replayed, replayedForOne)) {
            assertThat(messages.stream().map(message -> json.readTree(message.body()).get("eventType").asString()))
                .containsExactlyInAnyOrder("MemberRegistered", "MemberDeleted");
            for (Message message : messages) {
                assertThat(MemberEventSchemas.bodyErrors(message.body())).as(message.body()).isEmpty();
                assertThat(MemberEventSchemas.attributeErrors(attributes(message))).as(message.toString()).isEmpty();
            }
        }
        assertThat(live).as("the caller's trace travels with its event, and is checked against the schema too")
            .anySatisfy(message -> assertThat(attributes(message)).containsKey("traceparent"));
    }

    @Test
    void aSnapshotMatchesTheSchemas() {
        UUID member = UUID
            .fromString(api.register("Snapshot Kim", "snapshot@example.com").getBody().get("id").asString());
        assertThat(subscription.receive(1, Duration.ofSeconds(15))).hasSize(1);

        var response = api.asAdmin("POST", "/admin/events/replay",
                Map.of("memberIds", List.of(member), "subscriber", "reservation"));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        List<Message> snapshots = subscription.receive(1, Duration.ofSeconds(15));
        assertThat(snapshots).singleElement().satisfies(message -> {
            assertThat(json.readTree(message.body()).get("eventType").asString()).isEqualTo("MemberSnapshot");
            assertThat(MemberEventSchemas.bodyErrors(message.body())).as(message.body()).isEmpty();
            assertThat(attributes(message)).containsEntry("eventType", "MemberSnapshot")
                .containsEntry("replayFor", "reservation");
            assertThat(MemberEventSchemas.attributeErrors(attributes(message))).as(message.toString()).isEmpty();
        });
    }

    // SNS message attributes arrive as SQS ones. The schema describes the string values
    // of the attributes the
    // contract names (each of DataType String) and lets others pass, as readers ignore
    // what they do not know.
    private static Map<String, String> attributes(Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> {
            if (DOCUMENTED_ATTRIBUTES.contains(name)) {
                assertThat(value.dataType()).as(name).isEqualTo("String");
            }
            attributes.put(name, value.stringValue());
        });
        return attributes;
    }

}
