package com.example.events.reservationservice.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.DatabaseBehindProxy;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage of the database is not a failure of the messages that arrive meanwhile: the
 * instance loses its database for six visibility timeouts while deletions arrive, and
 * afterwards every deletion is applied and the dead-letter queue holds only the one
 * message that is broken in itself. The messages the listener held when the database went
 * stayed hidden all along; those that arrived later were not received until it was back.
 * The instance has a queue, a dead-letter queue and a topic of its own, with a visibility
 * timeout of three seconds.
 */
class DatabaseOutageIT {

    private static final int VISIBILITY_SECONDS = 3;

    private static final Duration OUTAGE = Duration.ofSeconds(6L * VISIBILITY_SECONDS);

    private static final String POISON = "this is not JSON {";

    private final String name = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void noMessageIsDeadLetteredBecauseOfAnOutageAndEveryDeletionIsAppliedAfterIt() throws Exception {
        Postgres postgres = TestInfrastructure.postgres();
        try (DatabaseBehindProxy database = DatabaseBehindProxy.start();
                ConfigurableApplicationContext instance = AnotherInstance.start(database.datasourceUrl(),
                        "messaging.topic-name=" + name, "messaging.queue-name=" + name,
                        "messaging.dead-letter-queue-name=" + name + "-dlq",
                        "messaging.visibility-timeout-seconds=" + VISIBILITY_SECONDS);
                SqsClient sqs = TestInfrastructure.broker().sqsClient();
                SnsClient sns = TestInfrastructure.broker().snsClient();
                Connection direct = DriverManager.getConnection(postgres.jdbcUrl("reservation"), postgres.username(),
                        postgres.password())) {
            TestHttpClient http = AnotherInstance.http(instance);
            MeterRegistry meters = instance.getBean(MeterRegistry.class);
            String queueUrl = sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
            String deadLetterQueueUrl = sqs.getQueueUrl(request -> request.queueName(name + "-dlq")).queueUrl();
            try {
                List<UUID> members = new ArrayList<>();
                Instant day = Instant.now().plus(4, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
                for (int i = 0; i < 6; i++) {
                    UUID member = UUID.randomUUID();
                    members.add(member);
                    send(sqs, queueUrl, event("MemberRegistered", 1, member));
                    await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(http.status("/member-replica/" + member)).isEqualTo(200));
                    Instant startsAt = day.plus(i, ChronoUnit.HOURS);
                    assertThat(http.post("/reservations", """
                            {"memberId": "%s", "resource": "court-%d", "startsAt": "%s", "endsAt": "%s"}
                            """.formatted(member, i, startsAt, startsAt.plusSeconds(1800))).status()).isEqualTo(201);
                }
                List<UUID> heldWhenItGoes = members.subList(0, 3);
                List<UUID> arrivingDuringIt = members.subList(3, 6);

                // three deletions in the listener's hands, waiting for their members'
                // rows
                direct.setAutoCommit(false);
                lockReplicaRows(direct, heldWhenItGoes);
                heldWhenItGoes.forEach(member -> send(sqs, queueUrl, event("MemberDeleted", 2, member)));
                await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(meters.get(MemberEventListener.IN_FLIGHT_METER).gauge().value())
                        .isEqualTo(3));

                database.cut();
                long cutAt = System.nanoTime();
                direct.rollback();

                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(503));
                for (UUID member : arrivingDuringIt) {
                    send(sqs, queueUrl, event("MemberDeleted", 2, member));
                    Thread.sleep(2_000);
                }
                send(sqs, queueUrl, POISON);
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - cutAt).toMillis()));

                Map<QueueAttributeName, String> during = attributes(sqs, queueUrl);
                int hidden = Integer
                    .parseInt(during.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
                int visible = Integer.parseInt(during.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                // a receive already waiting when the database went may have taken one of
                // the later ones, which is then held as well
                assertThat(hidden).as("the held deletions, kept hidden through %s", OUTAGE).isGreaterThanOrEqualTo(3);
                assertThat(hidden + visible).as("every message, none received and let go").isEqualTo(7);
                assertThat(depth(sqs, deadLetterQueueUrl)).isZero();
                assertThat(http.status("/actuator/health/liveness")).isEqualTo(200);

                database.restore();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (UUID member : members) {
                        assertThat(http.get("/member-replica/" + member).body().path("status").asString())
                            .as("member %s", member)
                            .isEqualTo("DELETED");
                    }
                });
                assertThat(reservationsOf(direct, members)).isZero();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(depth(sqs, queueUrl)).isZero();
                    assertThat(depth(sqs, deadLetterQueueUrl)).isEqualTo(1);
                });
                Message deadLetter = sqs.receiveMessage(request -> request.queueUrl(deadLetterQueueUrl))
                    .messages()
                    .getFirst();
                assertThat(deadLetter.body()).isEqualTo(POISON);
                assertThat(meters.get(MemberEventListener.REJECTED_METER).counter().count())
                    .as("the poison message, received maxReceiveCount times")
                    .isEqualTo(3);
                assertThat(meters.get(DatabaseRetry.DEFERRED_METER)
                    .tag("reason", "database-unavailable")
                    .counter()
                    .count()).as("attempts kept for the database").isGreaterThanOrEqualTo(3);
                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(200));
            }
            finally {
                sqs.deleteQueue(request -> request.queueUrl(queueUrl));
                sqs.deleteQueue(request -> request.queueUrl(deadLetterQueueUrl));
                sns.deleteTopic(request -> request.topicArn(sns.createTopic(topic -> topic.name(name)).topicArn()));
            }
        }
    }

    private static String event(String eventType, long sequence, UUID memberId) {
        return """
                {"eventId": "%s", "eventType": "%s", "schemaVersion": 1, "sequence": %d,
                 "occurredAt": "%s", "memberId": "%s"}
                """.formatted(UUID.randomUUID(), eventType, sequence, Instant.now(), memberId);
    }

    private static void send(SqsClient sqs, String queueUrl, String body) {
        sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
    }

    private static void lockReplicaRows(Connection direct, List<UUID> members) throws SQLException {
        try (PreparedStatement lock = direct
            .prepareStatement("select member_id from member_replica where member_id = any(?) for update")) {
            lock.setArray(1, direct.createArrayOf("uuid", members.toArray()));
            lock.executeQuery().close();
        }
    }

    private static long reservationsOf(Connection direct, List<UUID> members) throws SQLException {
        try (PreparedStatement count = direct
            .prepareStatement("select count(*) from reservation where member_id = any(?)")) {
            count.setArray(1, direct.createArrayOf("uuid", members.toArray()));
            var result = count.executeQuery();
            result.next();
            return result.getLong(1);
        }
    }

    private static Map<QueueAttributeName, String> attributes(SqsClient sqs, String queueUrl) {
        return sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    }

    /** Visible plus in flight. */
    private static int depth(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = attributes(sqs, queueUrl);
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

}
