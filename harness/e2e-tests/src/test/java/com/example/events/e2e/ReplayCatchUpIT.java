package com.example.events.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.Broker;
import com.example.events.localsystem.LocalSystem;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer that arrives late catches up by replay: reservation-service starts against
 * an empty database after members were registered and deleted (its queue did not even
 * exist then), asks member-service to replay the event log for it alone, and ends with a
 * complete replica, while another subscriber of the same topic, following the same filter
 * convention under its own name, receives nothing of that replay.
 */
class ReplayCatchUpIT {

    private static final String ADMIN_PASSWORD = "replay-admin";

    private static final int REGISTERED = 50;

    private static final int DELETED = 10;

    @Test
    void aLateSubscriberGetsTheWholeHistoryReplayedToItAlone() {
        Broker broker = TestInfrastructure.broker();
        Systems.forgetReservationTopology(broker);
        try (LocalSystem system = Systems.builder()
            .startReservationService(false)
            .environment("ADMIN_PASSWORD", ADMIN_PASSWORD)
            .start()) {
            RestClient members = client(system.memberService().baseUrl().toString());
            List<UUID> registered = new ArrayList<>();
            for (int i = 0; i < REGISTERED; i++) {
                registered.add(register(members, i));
            }
            List<UUID> deleted = registered.subList(0, DELETED);
            deleted.forEach(id -> assertThat(
                    members.delete().uri("/members/{id}", id).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(204));
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(members.get()
                    .uri("/admin/outbox")
                    .headers(this::admin)
                    .retrieve()
                    .body(JsonNode.class)
                    .get("pending")
                    .asLong()).as("events pending in the outbox").isZero());

            // another team's queue on the topic, subscribed by the contract's convention
            // under its own subscriber name
            try (TopicSubscription audit = TopicSubscription.subscribeAs(system.broker(), "member-events", "audit")) {
                system.reservationService().start();
                RestClient reservations = client(system.reservationService().baseUrl().toString());
                assertThat(status(reservations, registered.getFirst()))
                    .as("the late subscriber knows nothing before the replay")
                    .isEqualTo("UNKNOWN");

                ResponseEntity<JsonNode> replay = members.post()
                    .uri("/admin/events/replay")
                    .headers(this::admin)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("fromSequence", 0, "subscriber", "reservation"))
                    .retrieve()
                    .toEntity(JsonNode.class);
                assertThat(replay.getStatusCode().value()).isEqualTo(202);
                assertThat(replay.getBody().get("replayed").asInt()).isEqualTo(REGISTERED + DELETED);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (UUID id : registered) {
                        assertThat(status(reservations, id)).as("replica of " + id)
                            .isEqualTo(deleted.contains(id) ? "DELETED" : "ACTIVE");
                    }
                });
                assertThat(audit.drain(Duration.ofSeconds(3)))
                    .as("another subscriber receives nothing of a replay addressed to reservation")
                    .isEmpty();

                // and that subscriber is not simply deaf: an ordinary event reaches it,
                // and reservation-service too
                UUID newcomer = register(members, REGISTERED);
                assertThat(audit.drain(Duration.ofSeconds(3))).extracting(Message::body)
                    .singleElement()
                    .asString()
                    .contains(newcomer.toString());
                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(status(reservations, newcomer)).isEqualTo("ACTIVE"));
            }
        }
    }

    private static UUID register(RestClient members, int index) {
        JsonNode created = members.post()
            .uri("/members")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("name", "Replay Member " + index, "email",
                    "replay-" + index + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com"))
            .retrieve()
            .body(JsonNode.class);
        return UUID.fromString(created.get("id").asString());
    }

    private static String status(RestClient reservations, UUID member) {
        ResponseEntity<JsonNode> replica = reservations.get()
            .uri("/member-replica/{id}", member)
            .retrieve()
            .toEntity(JsonNode.class);
        return replica.getStatusCode().value() == 200 ? replica.getBody().get("status").asString() : "UNKNOWN";
    }

    private void admin(org.springframework.http.HttpHeaders headers) {
        headers.setBasicAuth("admin", ADMIN_PASSWORD);
    }

    private static RestClient client(String baseUrl) {
        return RestClient.builder().baseUrl(baseUrl).defaultStatusHandler(status -> true, (request, response) -> {
        }).build();
    }

}
