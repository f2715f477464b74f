package com.example.events.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The compacted event log as a user sees it, member-service a process of its own with
 * {@code OUTBOX_RETENTION=2s OUTBOX_COMPACTION_INTERVAL=1s}: 30 members registered and 10
 * of them deleted, a while later a new subscriber, subscribed by the contract's filter
 * convention under a name of its own, asks for a replay from 0 and receives exactly the
 * registrations of the 20 members that exist, however old the log.
 */
class CompactedLogCatchUpIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aNewSubscriberReplayingFromZeroGetsExactlyTheExistingMembers() {
        try (LocalSystem system = Systems.builder()
            .startReservationService(false)
            .environment("OUTBOX_RETENTION", "2s")
            .environment("OUTBOX_COMPACTION_INTERVAL", "1s")
            .start()) {
            var members = new Api(system.memberService());
            List<UUID> registered = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                registered.add(members.register("Compacted " + i));
            }
            List<UUID> deleted = registered.subList(0, 10);
            deleted.forEach(id -> assertThat(members.delete("/members/" + id).getStatusCode().value()).isEqualTo(204));
            List<UUID> existing = registered.subList(10, 30);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode outbox = members.asAdmin(HttpMethod.GET, "/admin/outbox", null).getBody();
                assertThat(outbox.get("pending").asLong()).isZero();
                assertThat(outbox.get("published").asLong())
                    .as("the deleted members' registrations and tombstones compacted away")
                    .isEqualTo(existing.size());
            });

            try (TopicSubscription newcomer = TopicSubscription.subscribeAs(system.broker(), "member-events",
                    "newcomer")) {
                var replay = members.asAdmin(HttpMethod.POST, "/admin/events/replay",
                        Map.of("fromSequence", 0, "subscriber", "newcomer"));
                assertThat(replay.getStatusCode().value()).isEqualTo(202);
                assertThat(replay.getBody().get("replayed").asInt()).isEqualTo(existing.size());

                List<Message> received = newcomer.receive(existing.size(), Duration.ofSeconds(30));
                received.addAll(newcomer.drain(Duration.ofSeconds(2)));
                List<JsonNode> events = received.stream().map(message -> JSON.readTree(message.body())).toList();
                assertThat(events).extracting(event -> event.get("eventType").asString())
                    .containsOnly("MemberRegistered");
                assertThat(events).extracting(event -> UUID.fromString(event.get("memberId").asString()))
                    .containsExactlyInAnyOrderElementsOf(existing);
            }
        }
    }

}
