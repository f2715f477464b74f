package com.example.events.memberservice.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.MemberEventSchemas;
import com.example.events.testsupport.SubscribedQueue;
import com.example.events.testsupport.TopicSubscription;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /admin/events/replay {"memberIds": [...], "subscriber": ...}}: fresh events
 * of some members for one subscriber, across the real broker. Two subscribers,
 * {@code reservation} and {@code billing}, subscribed with the contract's filter policy.
 */
class TargetedReEmitIT extends OutboxIntegrationTestSupport {

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
        reservation.drain(SubscribedQueue.QUIET);
        billing.drain(SubscribedQueue.QUIET);
    }

    @Test
    void theSubscriberAloneGetsASnapshotOfAMemberAndADeletionOfAnUnknownIdAsFreshEvents() {
        UUID member = register("Re Emit", "re-emit@example.com");
        JsonNode registered = singleBody(reservation.receive(1, Duration.ofSeconds(15)));
        billing.receive(1, Duration.ofSeconds(15));
        awaitNothingPending();
        UUID unknown = UUID.randomUUID();

        var response = api.asAdmin("POST", "/admin/events/replay",
                Map.of("memberIds", List.of(member, unknown, member), "subscriber", "reservation"));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        assertThat(response.getBody().get("replayed").asInt()).as("duplicates count once").isEqualTo(2);
        List<Message> received = reservation.receive(2, Duration.ofSeconds(15));
        received.addAll(reservation.drain(Duration.ofSeconds(1)));
        assertThat(received).hasSize(2)
            .allSatisfy(message -> assertThat(message.messageAttributes().get("replayFor").stringValue())
                .isEqualTo("reservation"))
            .allSatisfy(message -> assertThat(MemberEventSchemas.bodyErrors(message.body())).isEmpty());
        Map<String, JsonNode> byMember = new HashMap<>();
        bodies(received).forEach(event -> byMember.put(event.get("memberId").asString(), event));
        JsonNode snapshot = byMember.get(member.toString());
        assertThat(snapshot.get("eventType").asString()).isEqualTo("MemberSnapshot");
        assertThat(snapshot.get("eventId").asString()).as("a fresh event")
            .isNotEqualTo(registered.get("eventId").asString());
        assertThat(snapshot.get("sequence").asLong()).as("after every earlier event of the member")
            .isGreaterThan(registered.get("sequence").asLong());
        assertThat(received).filteredOn(message -> message.body().contains(member.toString()))
            .singleElement()
            .satisfies(message -> assertThat(message.messageAttributes().get("eventType").stringValue())
                .isEqualTo("MemberSnapshot"));
        assertThat(byMember.get(unknown.toString()).get("eventType").asString()).isEqualTo("MemberDeleted");
        assertThat(billing.drain(Duration.ofSeconds(2))).as("not for billing").isEmpty();
        awaitNothingPending();
    }

    @Test
    void aDeletedMemberIsReEmittedAsDeletedAfterItsOwnDeletion() {
        UUID member = register("Gone", "gone@example.com");
        assertThat(api.delete("/members/" + member).getStatusCode().value()).isEqualTo(204);
        List<Message> live = reservation.receive(2, Duration.ofSeconds(15));
        assertThat(billing.receive(2, Duration.ofSeconds(15))).hasSize(2);
        long deletedAt = sortedBySequence(live).getLast().get("sequence").asLong();

        var response = api.asAdmin("POST", "/admin/events/replay",
                Map.of("memberIds", List.of(member), "subscriber", "billing"));

        assertThat(response.getBody().get("replayed").asInt()).isEqualTo(1);
        JsonNode reEmitted = singleBody(billing.receive(1, Duration.ofSeconds(15)));
        assertThat(reEmitted.get("eventType").asString()).isEqualTo("MemberDeleted");
        assertThat(reEmitted.get("sequence").asLong()).isGreaterThan(deletedAt);
        assertThat(reservation.drain(Duration.ofSeconds(2))).as("not for reservation").isEmpty();
    }

    /**
     * The re-emit is held after it has read the member (the test holds the event log
     * against inserts): a deletion of that member waits for the re-emit's lock on it, not
     * merely for the log, and so comes after the snapshot.
     */
    @Test
    void aDeletionRacingTheReEmitWaitsForItAndComesAfterTheSnapshot() throws Exception {
        UUID member = register("Racing", "racing@example.com");
        awaitNothingPending();
        ResponseEntity<JsonNode> reEmitted;
        ResponseEntity<JsonNode> deleted;
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> transaction.executeWithoutResult(status -> {
                jdbc.sql("lock table event_log in share mode").update();
                locked.countDown();
                awaitQuietly(release);
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<ResponseEntity<JsonNode>> reEmit;
            Future<ResponseEntity<JsonNode>> deletion;
            try {
                reEmit = threads.submit(() -> api.asAdmin("POST", "/admin/events/replay",
                        Map.of("memberIds", List.of(member), "subscriber", "reservation")));
                awaitWaitingForALock("insert into event_log");
                deletion = threads.submit(() -> api.delete("/members/" + member));
                awaitWaitingForALock("delete from member");
            }
            finally {
                release.countDown();
            }
            holder.get(10, TimeUnit.SECONDS);
            reEmitted = reEmit.get(10, TimeUnit.SECONDS);
            deleted = deletion.get(10, TimeUnit.SECONDS);
        }

        assertThat(reEmitted.getStatusCode().value()).isEqualTo(202);
        assertThat(deleted.getStatusCode().value()).isEqualTo(204);
        long snapshot = sequenceOf(member, "MemberSnapshot");
        assertThat(sequenceOf(member, "MemberDeleted")).isGreaterThan(snapshot);
        awaitNothingPending();
    }

    @Test
    void withMemberIdsASubscriberIsRequiredAndNoPositionIsAllowed() {
        List<UUID> ids = List.of(UUID.randomUUID());
        assertInvalid(Map.of("memberIds", ids), "subscriber");
        assertInvalid(Map.of("memberIds", ids, "subscriber", "reservation", "fromSequence", 0), "fromSequence");
        assertInvalid(Map.of("memberIds", ids, "subscriber", "reservation", "fromOccurredAt", "2026-11-30T00:00:00Z"),
                "fromOccurredAt");
        assertInvalid(Map.of("memberIds", List.of(), "subscriber", "reservation"), "memberIds");
        assertInvalid(Map.of("memberIds", List.of("not-a-uuid"), "subscriber", "reservation"), "memberIds.0");
        assertInvalid(Map.of("memberIds", ids, "subscriber", "Reservation"), "subscriber");
        Map<String, Object> nullId = new HashMap<>(Map.of("subscriber", "reservation"));
        nullId.put("memberIds", Collections.singletonList(null));
        assertThat(invalidFields(nullId)).singleElement().asString().matches("memberIds(\\.0|\\[0\\])");
        assertThat(database.events()).as("nothing appended").isZero();
    }

    @Test
    void atMostOneThousandIds() {
        List<UUID> thousand = new ArrayList<>(IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID()).toList());

        var accepted = api.asAdmin("POST", "/admin/events/replay",
                Map.of("memberIds", thousand, "subscriber", "billing"));
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        assertThat(accepted.getBody().get("replayed").asInt()).isEqualTo(1_000);

        thousand.add(UUID.randomUUID());
        assertInvalid(Map.of("memberIds", thousand, "subscriber", "billing"), "memberIds");
        assertThat(database.events()).as("only the accepted thousand").isEqualTo(1_000);
        awaitNothingPending();
        billing.drain(Duration.ofSeconds(1));
    }

    private void assertInvalid(Map<String, Object> body, String field) {
        assertThat(invalidFields(body)).as(body.toString()).containsExactly(field);
    }

    private List<String> invalidFields(Map<String, Object> body) {
        ResponseEntity<JsonNode> response = api.asAdmin("POST", "/admin/events/replay", body);
        assertThat(response.getStatusCode().value()).as(body.toString()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody().get("type").asString()).isEqualTo("/problems/validation");
        return response.getBody().get("errors").findValuesAsString("field");
    }

    private long sequenceOf(UUID member, String eventType) {
        return jdbc.sql("select sequence from event_log where member_id = :member and event_type = :type")
            .param("member", member)
            .param("type", eventType)
            .query(Long.class)
            .single();
    }

    private JsonNode singleBody(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return bodies(messages).getFirst();
    }

}
