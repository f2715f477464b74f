package com.example.events.memberservice.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventPublicationIT extends IntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void registerAndDeletePublishTheDocumentedEventsWithTheEventTypeAttribute() {
        Instant before = Instant.now().minusSeconds(1);
        UUID memberId = register("Kim Minji", "minji@example.com");
        assertThat(api.delete("/members/" + memberId).getStatusCode().value()).isEqualTo(204);

        List<Message> messages = subscription.receive(2, Duration.ofSeconds(15));
        assertThat(messages).hasSize(2);
        List<JsonNode> events = sortedBySequence(messages);

        JsonNode registeredEvent = events.get(0);
        JsonNode deletedEvent = events.get(1);
        assertThat(registeredEvent.get("eventType").asString()).isEqualTo("MemberRegistered");
        assertThat(deletedEvent.get("eventType").asString()).isEqualTo("MemberDeleted");
        for (JsonNode event : events) {
            assertThat(Set.copyOf(event.propertyNames())).containsExactlyInAnyOrder("eventId", "eventType",
                    "schemaVersion", "sequence", "occurredAt", "memberId");
            assertThat(UUID.fromString(event.get("eventId").asString())).isNotNull();
            assertThat(event.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(event.get("memberId").asString()).isEqualTo(memberId.toString());
            assertThat(Instant.parse(event.get("occurredAt").asString())).isAfter(before).isBefore(Instant.now());
        }
        assertThat(deletedEvent.get("sequence").asLong()).isGreaterThan(registeredEvent.get("sequence").asLong());
        assertThat(registeredEvent.get("eventId")).isNotEqualTo(deletedEvent.get("eventId"));

        // no personal data travels: the name and email stay in this service
        messages.forEach(message -> assertThat(message.body()).doesNotContain("Minji", "minji@example.com"));

        for (Message message : messages) {
            var attribute = message.messageAttributes().get("eventType");
            assertThat(attribute.dataType()).isEqualTo("String");
            assertThat(attribute.stringValue()).isEqualTo(json.readTree(message.body()).get("eventType").asString());
        }
        awaitNothingPending();
    }

    /**
     * A row of a type this version does not know, as a newer version writes it during a
     * rolling deploy or before a rollback: it goes out as stored, and the live event
     * after it is not held up.
     */
    @Test
    void aStoredEventOfATypeThisVersionDoesNotKnowIsPublishedWithItsStoredType() {
        UUID renamed = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                insert into event_log (event_id, event_type, schema_version, member_id, occurred_at)
                values (?, 'MemberRenamed', 1, ?, now())
                """).params(eventId, renamed).update();
        UUID registered = register("After Renamed", "after.renamed@example.com");

        List<Message> messages = subscription.receive(2, Duration.ofSeconds(15));
        assertThat(messages).hasSize(2);
        Map<String, JsonNode> byType = new HashMap<>();
        for (Message message : messages) {
            JsonNode event = json.readTree(message.body());
            byType.put(event.get("eventType").asString(), event);
            assertThat(message.messageAttributes().get("eventType").stringValue())
                .isEqualTo(event.get("eventType").asString());
        }
        assertThat(byType.keySet()).containsExactlyInAnyOrder("MemberRenamed", "MemberRegistered");
        assertThat(byType.get("MemberRenamed").get("eventId").asString()).isEqualTo(eventId.toString());
        assertThat(byType.get("MemberRenamed").get("memberId").asString()).isEqualTo(renamed.toString());
        assertThat(byType.get("MemberRegistered").get("memberId").asString()).isEqualTo(registered.toString());
        awaitNothingPending();

        var events = api.asAdmin("GET", "/admin/events", null);
        assertThat(events.getStatusCode().value()).isEqualTo(200);
        assertThat(events.getBody().valueStream().map(event -> event.get("eventType").asString()))
            .contains("MemberRenamed");
        assertThat(meters.get("outbox.events.published").tag("type", "other").counter().count()).isPositive();
    }

    @Test
    void aCallersTraceContinuesIntoTheTraceparentAttribute() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callersSpan = "00f067aa0ba902b7";
        var response = api.postWithHeader("/members", Map.of("name", "Traced", "email", "traced@example.com"),
                "traceparent", "00-" + traceId + "-" + callersSpan + "-01");
        assertThat(response.getStatusCode().value()).isEqualTo(201);

        List<Message> messages = subscription.receive(1, Duration.ofSeconds(15));
        assertThat(messages).hasSize(1);
        String traceparent = messages.getFirst().messageAttributes().get("traceparent").stringValue();
        assertThat(traceparent).as("the caller's trace, sampled, with this service's request span as parent")
            .matches("00-" + traceId + "-[0-9a-f]{16}-01")
            .doesNotContain(callersSpan);
    }

    @Test
    void aRequestWithoutATraceStartsOneThatTravelsAsTheTraceparentAttribute() {
        api.register("Untraced", "untraced@example.com");

        List<Message> messages = subscription.receive(1, Duration.ofSeconds(15));
        assertThat(messages).hasSize(1);
        assertThat(messages.getFirst().messageAttributes().get("traceparent").stringValue())
            .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Test
    void aReplayedEventCarriesTheTraceparentOfTheRequestThatCausedIt() {
        api.register("Replayed", "replayed@example.com");
        Message original = subscription.receive(1, Duration.ofSeconds(15)).getFirst();
        awaitNothingPending();

        long sequence = json.readTree(original.body()).get("sequence").asLong();
        api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", sequence));

        Message replayed = subscription.receive(1, Duration.ofSeconds(15)).getFirst();
        assertThat(replayed.messageAttributes().get("traceparent").stringValue())
            .as("the original trace, not the admin request's")
            .isEqualTo(original.messageAttributes().get("traceparent").stringValue());
    }

    @Test
    void replayRepublishesExactlyTheEventsFromTheGivenSequenceInOrder() {
        UUID first = id(api.register("First", "first@example.com").getBody());
        api.register("Second", "second@example.com");
        api.delete("/members/" + first);
        api.register("Third", "third@example.com");
        List<JsonNode> original = sortedBySequence(subscription.receive(4, Duration.ofSeconds(15)));
        assertThat(original).hasSize(4);
        awaitNothingPending();

        long from = original.get(1).get("sequence").asLong();
        var response = api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", from));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("replayed").asInt()).isEqualTo(3);
        List<Message> replayed = subscription.receive(3, Duration.ofSeconds(15));
        assertThat(bodies(replayed)).as("the same events, from that sequence on, in sequence order")
            .containsExactlyElementsOf(original.subList(1, 4));
        assertThat(subscription.drain(Duration.ofSeconds(1))).as("nothing before the sequence").isEmpty();
    }

    @Test
    void eachEventKeepsWhenItsAppendingTransactionCommittedEvenAfterAReplayRewritesIt() {
        UUID memberId = register("Stamped", "stamped@example.com");
        subscription.receive(1, Duration.ofSeconds(15));
        awaitNothingPending();
        Stamps first = stamps(memberId);
        assertThat(first.committed()).as("commit between the event occurring and SNS accepting it")
            .isAfterOrEqualTo(first.occurred())
            .isBeforeOrEqualTo(first.published());

        api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", first.sequence()));
        subscription.receive(1, Duration.ofSeconds(15));
        awaitNothingPending();
        Stamps replayed = stamps(memberId);
        assertThat(replayed.published()).isAfter(first.published());
        assertThat(replayed.committed()).as("still the appending transaction's commit").isEqualTo(first.committed());
    }

    private Stamps stamps(UUID memberId) {
        return jdbc.sql("""
                select sequence, occurred_at, pg_xact_commit_timestamp(appended_by::xid) as committed_at, published_at
                from event_log where member_id = ?
                """)
            .param(memberId)
            .query((rs, row) -> new Stamps(rs.getLong("sequence"), rs.getTimestamp("occurred_at").toInstant(),
                    rs.getTimestamp("committed_at").toInstant(), rs.getTimestamp("published_at").toInstant()))
            .single();
    }

    private record Stamps(long sequence, Instant occurred, Instant committed, Instant published) {
    }

    @Test
    void outboxStatusCountsPendingAndPublishedEvents() {
        api.register("Status", "status@example.com");
        subscription.receive(1, Duration.ofSeconds(15));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode status = api.asAdmin("GET", "/admin/outbox", null).getBody();
            assertThat(status.get("pending").asLong()).isZero();
            assertThat(status.get("published").asLong()).isEqualTo(1);
            assertThat(status.get("lastSequence").asLong()).isPositive();
            assertThat(status.get("oldestPendingAgeSeconds").asLong()).isZero();
        });
    }

}
