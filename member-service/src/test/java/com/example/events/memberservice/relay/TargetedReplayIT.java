package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TopicSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replay for one subscriber, through the same topic: the {@code replayFor} attribute and
 * the contract's filter policy keep it out of every other subscriber's queue. Two
 * subscribers here, {@code reservation} and {@code billing}, subscribed exactly as the
 * contract says, beside a queue that takes everything unfiltered.
 */
class TargetedReplayIT extends OutboxIntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue everything = SubscribedQueue.to("member-events");

    static TopicSubscription reservation;
    static TopicSubscription billing;

    @BeforeAll
    static void subscribe() {
        reservation = TopicSubscription.subscribeAs(TestInfrastructure.broker(), "member-events", "reservation");
        billing = TopicSubscription.subscribeAs(TestInfrastructure.broker(), "member-events", "billing");
    }

    @AfterAll
    static void unsubscribe() {
        reservation.close();
        billing.close();
    }

    @BeforeEach
    void startWithEmptyQueues() {
        // the unfiltered queue empties itself, as every SubscribedQueue does
        reservation.drain(SubscribedQueue.QUIET);
        billing.drain(SubscribedQueue.QUIET);
    }

    @Test
    void aReplayForOneSubscriberReachesItsQueueAloneWithTheSameEvents() {
        registerAndAwaitPublished(2);
        List<Message> live = everything.receive(2, Duration.ofSeconds(15));
        assertThat(live).hasSize(2)
            .allSatisfy(message -> assertThat(message.messageAttributes()).as("a live event is for everyone")
                .doesNotContainKey("replayFor"));
        assertThat(reservation.receive(2, Duration.ofSeconds(15))).hasSize(2);
        assertThat(billing.receive(2, Duration.ofSeconds(15))).hasSize(2);

        var response = api.asAdmin("POST", "/admin/events/replay",
                Map.of("fromSequence", 0, "subscriber", "reservation"));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("replayed").asInt()).isEqualTo(2);
        List<Message> replayed = everything.receive(2, Duration.ofSeconds(15));
        assertThat(replayed).hasSize(2)
            .allSatisfy(message -> assertThat(message.messageAttributes().get("replayFor").stringValue())
                .isEqualTo("reservation"));
        assertThat(bodies(replayed)).as("same event ids and sequences")
            .containsExactlyInAnyOrderElementsOf(bodies(live));
        assertThat(bodies(reservation.receive(2, Duration.ofSeconds(15))))
            .containsExactlyInAnyOrderElementsOf(bodies(live));
        assertThat(billing.drain(Duration.ofSeconds(1))).as("not for billing").isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
    }

    @Test
    void aReplayWithoutSubscriberReachesEveryoneWithoutTheAttribute() {
        registerOneAndReceiveItEverywhere();

        var response = api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", 0));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(everything.receive(1, Duration.ofSeconds(15))).singleElement()
            .satisfies(message -> assertThat(message.messageAttributes()).doesNotContainKey("replayFor"));
        assertThat(reservation.receive(1, Duration.ofSeconds(15))).hasSize(1);
        assertThat(billing.receive(1, Duration.ofSeconds(15))).hasSize(1);
    }

    @Test
    void anEventNeverPublishedStillReachesEverySubscriberWhenAReplayForOneCoversIt() {
        registerOneAndReceiveItEverywhere();
        relay.stop();
        try {
            assertThat(api.register("Pending", "pending@example.com").getStatusCode().value()).isEqualTo(201);
            var response = api.asAdmin("POST", "/admin/events/replay",
                    Map.of("fromSequence", 0, "subscriber", "reservation"));
            assertThat(response.getBody().get("replayed").asInt()).isEqualTo(2);
        }
        finally {
            relay.start();
        }

        List<Message> published = everything.receive(2, Duration.ofSeconds(15));
        assertThat(published).hasSize(2);
        assertThat(published).filteredOn(message -> message.messageAttributes().containsKey("replayFor"))
            .as("only the event published before is narrowed")
            .hasSize(1);
        assertThat(reservation.receive(2, Duration.ofSeconds(15))).hasSize(2);
        List<Message> forBilling = billing.receive(1, Duration.ofSeconds(15));
        assertThat(forBilling).hasSize(1);
        assertThat(json.readTree(forBilling.getFirst().body()).get("sequence").asLong())
            .as("billing gets the new event, not the replay")
            .isEqualTo(lastSequence());
        assertThat(billing.drain(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aSubscriberNameOtherThanAShortLowercaseNameIsRejected() {
        for (String bad : List.of("", "Reservation", "reser vation", "billing/*", "x".repeat(65))) {
            var response = api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", 0, "subscriber", bad));
            assertThat(response.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(response.getBody().get("errors").get(0).get("field").asString()).isEqualTo("subscriber");
        }
    }

    /** One member registered; its event taken off every queue. */
    private void registerOneAndReceiveItEverywhere() {
        registerAndAwaitPublished(1);
        everything.receive(1, Duration.ofSeconds(15));
        reservation.receive(1, Duration.ofSeconds(15));
        billing.receive(1, Duration.ofSeconds(15));
    }

    private void registerAndAwaitPublished(int members) {
        for (int i = 0; i < members; i++) {
            assertThat(api.register("Replay " + i, "replay-" + i + "@example.com").getStatusCode().value())
                .isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
    }

    private long lastSequence() {
        return jdbc.sql("select max(sequence) from event_log").query(Long.class).single();
    }

}
