package com.example.events.memberservice.admin;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a replay starts: a sequence, or an instant, exactly one of them; and a replay is
 * asked for with a JSON body only.
 */
class ReplayRequestIT extends OutboxIntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void fromOccurredAtReplaysExactlyTheEventsThatOccurredAtOrAfterIt() {
        List<UUID> members = List.of(register("Earliest", "earliest@example.com"),
                register("Middle", "middle@example.com"), register("Latest", "latest@example.com"));
        subscription.receive(3, Duration.ofSeconds(15));
        awaitNothingPending();
        Instant middle = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));
        occurredAt(members.get(0), middle.minusMillis(1));
        occurredAt(members.get(1), middle);

        var response = api.asAdmin("POST", "/admin/events/replay", Map.of("fromOccurredAt", middle.toString()));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("replayed").asInt()).isEqualTo(2);
        List<Message> replayed = subscription.receive(2, Duration.ofSeconds(15));
        replayed.addAll(subscription.drain(Duration.ofSeconds(1)));
        assertThat(bodies(replayed)).extracting(event -> UUID.fromString(event.get("memberId").asString()))
            .as("the event at that instant and the later one")
            .containsExactlyInAnyOrder(members.get(1), members.get(2));
    }

    /**
     * Why a consumer catches up by time: the event with the lower sequence may commit
     * after the one with the higher, so a consumer that has seen the higher may still be
     * missing the lower, and asking from the next sequence never brings it.
     */
    @Test
    void aReplayFromAnInstantBringsAnEventThatCommittedAfterOneWithAHigherSequence() throws Exception {
        relay.stop();
        try (ExecutorService threads = Executors.newSingleThreadExecutor()) {
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<Long> slow = threads.submit(() -> transaction.execute(status -> {
                long sequence = eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
                appended.countDown();
                awaitQuietly(commit);
                return sequence;
            }));
            assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
            long seen = transaction
                .execute(status -> eventLog.append(MemberEventType.MemberDeleted, UUID.randomUUID()));
            Instant seenOccurredAt = jdbc.sql("select occurred_at from event_log where sequence = :sequence")
                .param("sequence", seen)
                .query(Timestamp.class)
                .single()
                .toInstant();
            commit.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).as("the lower sequence, committed later").isLessThan(seen);
            jdbc.sql("update event_log set published_at = now()").update();

            assertThat(replay(Map.of("fromSequence", seen + 1))).as("after the sequence seen: nothing").isZero();
            assertThat(replay(Map.of("fromOccurredAt", seenOccurredAt.minus(Duration.ofMinutes(5)).toString())))
                .as("from the time seen minus a margin: both")
                .isEqualTo(2);
        }
        finally {
            relay.start();
        }
    }

    @Test
    void exactlyOneOfFromSequenceAndFromOccurredAtIsRequired() {
        List<Map<String, Object>> bodies = List.of(Map.of(), Map.of("subscriber", "reservation"),
                Map.of("fromSequence", 0, "fromOccurredAt", "2026-11-30T00:00:00Z"));
        for (Map<String, Object> body : bodies) {
            var response = api.asAdmin("POST", "/admin/events/replay", body);
            assertProblem(response, 400, "/problems/validation");
            assertThat(response.getBody().get("errors").findValuesAsString("field")).as(body.toString())
                .containsExactlyInAnyOrder("fromSequence", "fromOccurredAt");
            assertThat(response.getBody().get("errors").get(0).get("message").asString())
                .isEqualTo("give exactly one of fromSequence and fromOccurredAt");
        }
        var notAnInstant = api.asAdmin("POST", "/admin/events/replay", Map.of("fromOccurredAt", "yesterday"));
        assertProblem(notAnInstant, 400, "/problems/validation");
        assertThat(notAnInstant.getBody().get("errors").get(0).get("field").asString()).isEqualTo("fromOccurredAt");
    }

    @Test
    void aReplayIsAskedForWithAJsonBodyOnlySoNoCrossSiteFormCanSendIt() {
        register("Published", "published@example.com");
        subscription.receive(1, Duration.ofSeconds(15));
        awaitNothingPending();

        assertProblem(api.asAdmin("/admin/events/replay", MediaType.APPLICATION_FORM_URLENCODED, "fromSequence=0"), 415,
                "about:blank");
        assertProblem(api.asAdmin("/admin/events/replay", MediaType.TEXT_PLAIN, "{\"fromSequence\": 0}"), 415,
                "about:blank");
        assertProblem(api.asAdmin("/admin/events/replay", MediaType.APPLICATION_JSON, ""), 400,
                "/problems/malformed-request");

        assertThat(database.pendingEvents()).as("nothing queued").isZero();
        assertThat(subscription.drain(Duration.ofSeconds(1))).isEmpty();
    }

    private int replay(Map<String, Object> body) {
        var response = api.asAdmin("POST", "/admin/events/replay", body);
        assertThat(response.getStatusCode().value()).isEqualTo(202);
        return response.getBody().get("replayed").asInt();
    }

    private static void assertProblem(ResponseEntity<JsonNode> response, int status, String type) {
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo(type);
    }

    private void occurredAt(UUID member, Instant when) {
        jdbc.sql("update event_log set occurred_at = :when where member_id = :member")
            .param("when", Timestamp.from(when))
            .param("member", member)
            .update();
    }

}
