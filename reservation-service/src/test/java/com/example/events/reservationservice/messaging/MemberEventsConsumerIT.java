package com.example.events.reservationservice.messaging;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient.Response;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer against the real broker: the test plays member-service, publishing the
 * contract's JSON.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemberEventsConsumerIT extends IntegrationTestSupport {

    private static final Instant NINE = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    @Test
    void registeredThenDeletedRemovesOnlyThatMembersReservationsAndAcknowledges() {
        UUID member = registerMember(1);
        UUID other = registerMember(2);
        assertThat(reserve(member, "court-1", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
        assertThat(reserve(member, "court-2", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
        assertThat(reserve(other, "court-1", NINE.plusSeconds(3600), NINE.plusSeconds(7200)).status()).isEqualTo(201);

        publish(deleted(3, member));

        awaitReplica(member, "DELETED", 3);
        assertThat(reservationsOf(member)).isZero();
        assertThat(get("/reservations?memberId=" + member).body().path("page").path("totalElements").asLong()).isZero();
        assertThat(reservationsOf(other)).isEqualTo(1);
        awaitReplica(other, "ACTIVE", 2);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
        assertThat(messagesIn(deadLetterQueueUrl())).isZero();
    }

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() {
        UUID member = registerMember(1);
        double appliedBefore = count(APPLIED, "eventType", "MemberDeleted", "outcome", "applied");
        double duplicatesBefore = count(APPLIED, "eventType", "MemberDeleted", "outcome", "duplicate");
        String deletion = deleted(2, member);

        publish(deletion);
        publish(deletion);

        eventually().untilAsserted(() -> {
            assertThat(count(APPLIED, "eventType", "MemberDeleted", "outcome", "applied") - appliedBefore).isEqualTo(1);
            assertThat(count(APPLIED, "eventType", "MemberDeleted", "outcome", "duplicate") - duplicatesBefore)
                .isEqualTo(1);
        });
        awaitReplica(member, "DELETED", 2);
        String eventId = JSON.readTree(deletion).path("eventId").asString();
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?::uuid")
            .param(eventId)
            .query(Long.class)
            .single()).isEqualTo(1);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    @Test
    void aLateRegistrationCannotBringBackADeletedMember() {
        UUID member = UUID.randomUUID();
        publish(deleted(10, member));
        awaitReplica(member, "DELETED", 10);
        double staleBefore = count(APPLIED, "eventType", "MemberRegistered", "outcome", "stale");

        publish(registered(9, member));

        eventually().untilAsserted(
                () -> assertThat(count(APPLIED, "eventType", "MemberRegistered", "outcome", "stale") - staleBefore)
                    .isEqualTo(1));
        awaitReplica(member, "DELETED", 10);
        Response refused = reserve(member, "court-1", NINE, NINE.plusSeconds(3600));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("type").asString()).isEqualTo("/problems/member-deleted");
        assertThat(reservationCount()).isZero();
    }

    @Test
    void anOlderDeletionAfterANewerRegistrationChangesNothing() {
        UUID member = registerMember(20);

        publish(deleted(19, member));
        publish(registered(21, member));

        awaitReplica(member, "ACTIVE", 21);
        assertThat(reserve(member, "court-1", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
    }

    @Test
    void aSnapshotOfAMemberUnknownHereMakesItActiveAndIsCountedAsASnapshotNotARegistration() {
        UUID member = UUID.randomUUID();
        Response unknown = reserve(member, "court-1", NINE, NINE.plusSeconds(3600));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().path("type").asString()).isEqualTo("/problems/unknown-member");
        double snapshotsBefore = count(APPLIED, "eventType", "MemberSnapshot", "outcome", "applied");
        double registrationsBefore = count(APPLIED, "eventType", "MemberRegistered");

        publish(snapshot(5, member));

        awaitReplica(member, "ACTIVE", 5);
        assertThat(reserve(member, "court-1", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
        assertThat(count(APPLIED, "eventType", "MemberSnapshot", "outcome", "applied") - snapshotsBefore).isEqualTo(1);
        assertThat(count(APPLIED, "eventType", "MemberRegistered") - registrationsBefore).isZero();
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
        assertThat(messagesIn(deadLetterQueueUrl())).isZero();
    }

    @Test
    void aSnapshotOlderThanTheDeletionCannotBringTheMemberBack() {
        UUID member = UUID.randomUUID();
        publish(deleted(10, member));
        awaitReplica(member, "DELETED", 10);
        double staleBefore = count(APPLIED, "eventType", "MemberSnapshot", "outcome", "stale");

        publish(snapshot(9, member));

        eventually().untilAsserted(
                () -> assertThat(count(APPLIED, "eventType", "MemberSnapshot", "outcome", "stale") - staleBefore)
                    .isEqualTo(1));
        awaitReplica(member, "DELETED", 10);
        Response refused = reserve(member, "court-1", NINE, NINE.plusSeconds(3600));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("type").asString()).isEqualTo("/problems/member-deleted");
        assertThat(reservationCount()).isZero();
    }

    @Test
    void aSnapshotNewerThanTheDeletionMakesTheMemberActiveAgain() {
        UUID member = registerMember(1);
        publish(deleted(2, member));
        awaitReplica(member, "DELETED", 2);

        publish(snapshot(3, member));

        awaitReplica(member, "ACTIVE", 3);
        assertThat(reserve(member, "court-1", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
    }

    @Test
    void theSameSnapshotDeliveredTwiceIsAppliedOnce() {
        UUID member = UUID.randomUUID();
        double appliedBefore = count(APPLIED, "eventType", "MemberSnapshot", "outcome", "applied");
        double duplicatesBefore = count(APPLIED, "eventType", "MemberSnapshot", "outcome", "duplicate");
        String snapshot = snapshot(4, member);

        publish(snapshot);
        publish(snapshot);

        eventually().untilAsserted(() -> {
            assertThat(count(APPLIED, "eventType", "MemberSnapshot", "outcome", "applied") - appliedBefore)
                .isEqualTo(1);
            assertThat(count(APPLIED, "eventType", "MemberSnapshot", "outcome", "duplicate") - duplicatesBefore)
                .isEqualTo(1);
        });
        awaitReplica(member, "ACTIVE", 4);
        assertThat(inboxHolds(UUID.fromString(JSON.readTree(snapshot).path("eventId").asString()))).isTrue();
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    @Test
    void anUnknownEventTypeIsNeverAcknowledgedItWaitsInTheDeadLetterQueueAndIsNotRemembered() {
        double before = count(UNSUPPORTED, "eventType", "other", "reason", "unknown-event-type");
        UUID eventId = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        // the subscription's filter policy keeps such events off the queue; sent
        // directly, as a future subscription change might let them through
        sendToQueue(event(eventId, "MemberRenamed", 5, member), "MemberRenamed");

        awaitInDeadLetterQueue(eventId);
        assertThat(count(UNSUPPORTED, "eventType", "other", "reason", "unknown-event-type") - before)
            .as("counted at each of the three receives")
            .isEqualTo(3);
        assertThat(inboxHolds(eventId)).isFalse();

        // the same event id, as a consumer that has learned the type receives it in a
        // replay
        sendToQueue(event(eventId, "MemberRegistered", 5, member), "MemberRegistered");

        awaitReplica(member, "ACTIVE", 5);
        assertThat(inboxHolds(eventId)).isTrue();
    }

    /**
     * A deletion in a schema version this service does not know yet, as a member-service
     * deployed first sends it: not guessed at, and not lost either. It waits in the
     * dead-letter queue, where an operator sees it, and the member's reservations stay
     * until a version that understands it applies it.
     */
    @Test
    void aDeletionOfANewerSchemaVersionIsNotGuessedAtNorAcknowledgedItWaitsInTheDeadLetterQueue() {
        UUID member = registerMember(1);
        assertThat(reserve(member, "court-9", NINE, NINE.plusSeconds(3600)).status()).isEqualTo(201);
        double before = count(UNSUPPORTED, "eventType", "MemberDeleted", "reason", "newer-schema-version");
        UUID eventId = UUID.randomUUID();
        publish("""
                {"eventId": "%s", "eventType": "MemberDeleted", "schemaVersion": 2, "sequence": 2,
                 "occurredAt": "2026-11-24T09:14:00Z", "member": {"id": "%s"}}
                """.formatted(eventId, member), "MemberDeleted");

        awaitInDeadLetterQueue(eventId);
        assertThat(count(UNSUPPORTED, "eventType", "MemberDeleted", "reason", "newer-schema-version") - before)
            .isEqualTo(3);
        assertThat(get("/member-replica/" + member).body().path("status").asString()).isEqualTo("ACTIVE");
        assertThat(reservationsOf(member)).isEqualTo(1);
        assertThat(inboxHolds(eventId)).isFalse();

        // the same deletion in the version this service reads, as a replay after
        // member-service's rollback sends it
        publish(event(eventId, "MemberDeleted", 2, member));

        awaitReplica(member, "DELETED", 2);
        assertThat(reservationsOf(member)).isZero();
    }

    /**
     * An event with fields this version does not know, as an additive change of the
     * contract adds them without a new version: applied, the fields ignored.
     */
    @Test
    void anEventWithFieldsThisVersionDoesNotKnowIsApplied() {
        UUID member = UUID.randomUUID();
        publish("""
                {"eventId": "%s", "eventType": "MemberRegistered", "schemaVersion": 1, "sequence": 7,
                 "occurredAt": "2026-11-24T09:14:00Z", "memberId": "%s", "tier": "gold",
                 "member": {"since": "2020-01-01"}}
                """.formatted(UUID.randomUUID(), member), "MemberRegistered");

        awaitReplica(member, "ACTIVE", 7);
    }

    private void awaitInDeadLetterQueue(UUID eventId) {
        eventually().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var dlq = getAsAdmin("/admin/dlq");
            assertThat(dlq.status()).isEqualTo(200);
            assertThat(dlq.body().path("messages").valueStream().map(message -> message.path("body").asString()))
                .anySatisfy(body -> assertThat(body).contains(eventId.toString()));
        });
        assertThat(messagesIn(queueUrl())).isZero();
    }

    @Test
    void anUnknownEventTypeBecomesNeitherAMetricTagNorALogLineOfItsOwn(CapturedOutput output) {
        double before = count(UNSUPPORTED, "eventType", "other", "reason", "unknown-event-type");
        String forged = "MemberRenamed\\n2026-12-01T00:00:00.000Z  INFO 1 --- [reservation] forged entry "
                + "x".repeat(5_000);
        UUID eventId = UUID.randomUUID();
        sendToQueue("""
                {"eventId": "%s", "eventType": "%s", "schemaVersion": 1, "sequence": 3,
                 "occurredAt": "2026-11-24T09:14:00Z", "memberId": "%s"}
                """.formatted(eventId, forged, UUID.randomUUID()), "MemberRenamed");

        eventually().untilAsserted(
                () -> assertThat(count(UNSUPPORTED, "eventType", "other", "reason", "unknown-event-type") - before)
                    .isGreaterThanOrEqualTo(1));
        assertThat(meters.find(UNSUPPORTED).counters())
            .allSatisfy(counter -> assertThat(counter.getId().getTag("eventType")).isIn("MemberRegistered",
                    "MemberDeleted", "MemberSnapshot", "other"));
        eventually().untilAsserted(() -> assertThat(output.getOut()).contains(eventId.toString()));
        String logLine = output.getOut()
            .lines()
            .filter(line -> line.contains(eventId.toString()))
            .findFirst()
            .orElseThrow();
        assertThat(logLine).contains("MemberRenamed\\u000a2026-12-01").hasSizeLessThan(1_000);
        assertThat(output.getOut()).doesNotContain("forged entry").doesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void eventsOfOtherTypesAreFilteredOutByTheSubscription() {
        double ignoredBefore = count(UNSUPPORTED, "reason", "unknown-event-type");
        UUID filtered = UUID.randomUUID();
        publish(event(filtered, "MemberRenamed", 1, UUID.randomUUID()), "MemberRenamed");
        // published after it: once this one is applied, the filtered one would have
        // arrived too
        UUID member = registerMember(2);

        assertThat(count(UNSUPPORTED, "reason", "unknown-event-type")).isEqualTo(ignoredBefore);
        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?")
            .param(filtered)
            .query(Long.class)
            .single()).isZero();
        assertThat(get("/member-replica/" + member).status()).isEqualTo(200);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    @Test
    void aReplayIsAppliedWhenAddressedToThisServiceOrToEveryone() {
        UUID forUs = UUID.randomUUID();
        UUID forEveryone = UUID.randomUUID();

        publishReplay(registered(1, forUs), "reservation");
        publish(registered(2, forEveryone)); // a replay without subscriber carries no
                                             // replayFor, like any event

        awaitReplica(forUs, "ACTIVE", 1);
        awaitReplica(forEveryone, "ACTIVE", 2);
    }

    @Test
    void aReplayForAnotherSubscriberIsFilteredOutByTheSubscription() {
        UUID filtered = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        publishReplay(event(filtered, "MemberRegistered", 1, member), "billing");
        // published after it: once this one is applied, the filtered one would have
        // arrived too
        publishReplay(registered(2, UUID.randomUUID()), "reservation");
        registerMember(3);

        assertThat(jdbc.sql("select count(*) from processed_event where event_id = ?")
            .param(filtered)
            .query(Long.class)
            .single()).isZero();
        assertThat(get("/member-replica/" + member).status()).isEqualTo(404);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    @Test
    void theTimeFromOccurrenceToCommitIsRecordedForAppliedEventsOnly() {
        Timer propagation = meters.get("member.events.propagation").timer();
        long before = propagation.count();
        UUID member = registerMember(1);
        String deletion = deleted(2, member);

        publish(deletion);
        publish(deletion);
        publish(registered(1, member));

        awaitReplica(member, "DELETED", 2);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
        assertThat(propagation.count() - before)
            .as("the registration and the deletion, not the redelivery or the " + "stale event")
            .isEqualTo(2);
        assertThat(propagation.max(TimeUnit.MILLISECONDS)).isPositive();
        assertThat(propagation.takeSnapshot().histogramCounts()).as("buckets for percentiles over instances")
            .isNotEmpty();
        assertThat(Arrays.stream(propagation.takeSnapshot().histogramCounts())
            .map(bucket -> bucket.bucket(TimeUnit.MILLISECONDS))).as("SLO buckets")
            .contains(50.0, 100.0, 250.0, 500.0, 1000.0);
    }

    @Test
    void theInboxSaysWhenEachEventWasSentToTheQueueReceivedAndApplied() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String registration = registered(1, UUID.randomUUID());
        UUID eventId = UUID.fromString(JSON.readTree(registration).path("eventId").asString());

        publish(registration);

        eventually().until(() -> inboxHolds(eventId));
        Map<String, Object> stamps = jdbc
            .sql("select sent_at, received_at, processed_at from processed_event where event_id = ?")
            .param(eventId)
            .query()
            .singleRow();
        Instant sent = ((Timestamp) stamps.get("sent_at")).toInstant();
        Instant received = ((Timestamp) stamps.get("received_at")).toInstant();
        Instant processed = ((Timestamp) stamps.get("processed_at")).toInstant();
        // SentTimestamp has milliseconds only; one machine, one clock
        assertThat(sent).as("SQS SentTimestamp").isAfterOrEqualTo(before);
        assertThat(received).as("received").isAfterOrEqualTo(sent);
        assertThat(processed).as("the applying transaction").isAfterOrEqualTo(received);
    }

    private void sendToQueue(String body, String eventTypeAttribute) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl())
            .messageBody(body)
            .messageAttributes(Map.of("eventType",
                    MessageAttributeValue.builder().dataType("String").stringValue(eventTypeAttribute).build())));
    }

    private boolean inboxHolds(UUID eventId) {
        return jdbc.sql("select count(*) from processed_event where event_id = ?")
            .param(eventId)
            .query(Long.class)
            .single() == 1;
    }

    /**
     * As member-service replays an event for one subscriber: the same body, addressed
     * with {@code replayFor}.
     */
    private void publishReplay(String body, String subscriber) {
        publish(body, Map.of("eventType", JSON.readTree(body).path("eventType").asString(), "replayFor", subscriber));
    }

}
