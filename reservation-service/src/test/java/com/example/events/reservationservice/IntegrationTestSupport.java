package com.example.events.reservationservice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.events.localsystem.Broker;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.TestInfrastructureConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service on a random port, against the harness's real PostgreSQL and SNS/SQS
 * broker ({@link TestInfrastructureConfiguration}). Tests talk to it as its clients do:
 * over HTTP, and as member-service does, by publishing the contract's JSON to the topic.
 * Every test starts with empty tables and empty queues. All integration tests share this
 * one configuration, so one application context serves them all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ TestInfrastructureConfiguration.class, RecordedSpans.class })
public abstract class IntegrationTestSupport {

    protected static final String APPLIED = "member.events.applied";

    protected static final String UNSUPPORTED = "member.events.unsupported";

    protected static final String REJECTED = "member.events.rejected";

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected static Broker broker;

    protected static SnsClient sns;

    protected static SqsClient sqs;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MeterRegistry meters;

    @Autowired
    protected RecordedSpans spans;

    @Value("${messaging.topic-name}")
    protected String topicName;

    @Value("${messaging.queue-name}")
    protected String queueName;

    @Value("${messaging.dead-letter-queue-name}")
    protected String deadLetterQueueName;

    @BeforeAll
    static void connectToBroker() {
        broker = TestInfrastructure.broker();
        sns = broker.snsClient();
        sqs = broker.sqsClient();
    }

    @AfterAll
    static void disconnect() {
        sns.close();
        sqs.close();
    }

    @BeforeEach
    void startEmpty() {
        drain(queueUrl());
        drain(deadLetterQueueUrl());
        jdbc.sql("truncate reservation, member_replica, processed_event").update();
    }

    // ---- the broker, as member-service and an operator see it

    protected String topicArn() {
        return sns.createTopic(request -> request.name(topicName)).topicArn();
    }

    protected String queueUrl() {
        return sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
    }

    protected String deadLetterQueueUrl() {
        return sqs.getQueueUrl(request -> request.queueName(deadLetterQueueName)).queueUrl();
    }

    /**
     * Publishes a body to the topic the way member-service does: with the
     * {@code eventType} message attribute.
     */
    protected void publish(String body, String eventTypeAttribute) {
        publish(body, Map.of("eventType", eventTypeAttribute));
    }

    /** Publishes a body to the topic with these String message attributes. */
    protected void publish(String body, Map<String, String> attributes) {
        Map<String, MessageAttributeValue> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        sns.publish(request -> request.topicArn(topicArn()).message(body).messageAttributes(values));
    }

    protected void publish(String body) {
        publish(body, JSON.readTree(body).path("eventType").asString());
    }

    /** A body exactly as documented in contracts/member-events. */
    protected static String event(UUID eventId, String eventType, long sequence, UUID memberId) {
        return """
                {"eventId": "%s", "eventType": "%s", "schemaVersion": 1, "sequence": %d,
                 "occurredAt": "%s", "memberId": "%s"}
                """.formatted(eventId, eventType, sequence, Instant.now(), memberId);
    }

    protected static String registered(long sequence, UUID memberId) {
        return event(UUID.randomUUID(), "MemberRegistered", sequence, memberId);
    }

    protected static String deleted(long sequence, UUID memberId) {
        return event(UUID.randomUUID(), "MemberDeleted", sequence, memberId);
    }

    protected static String snapshot(long sequence, UUID memberId) {
        return event(UUID.randomUUID(), "MemberSnapshot", sequence, memberId);
    }

    /**
     * Sends {@code count} MemberRegistered events (sequences 1 to {@code count}, each for
     * a member of its own) straight to the service's queue, ten to a SendMessageBatch
     * request: a backlog faster than any consumer.
     */
    protected void sendRegistrationsToQueue(int count) {
        String queueUrl = queueUrl();
        for (int batch = 0; batch < count / 10; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .messageBody(registered(batch * 10L + i + 1, UUID.randomUUID()))
                    .build());
            }
            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        }
    }

    /**
     * Visible plus in-flight: zero once every message has been acknowledged (or
     * dead-lettered).
     */
    protected int messagesIn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs
            .getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void drain(String queueUrl) {
        List<Message> batch;
        do {
            batch = sqs
                .receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(0)
                    .visibilityTimeout(30))
                .messages();
            batch.forEach(message -> sqs
                .deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
        }
        while (!batch.isEmpty());
    }

    // ---- the service's state

    protected static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    /**
     * Publishes a MemberRegistered and waits until the replica shows the member ACTIVE.
     */
    protected UUID registerMember(long sequence) {
        UUID memberId = UUID.randomUUID();
        publish(registered(sequence, memberId));
        awaitReplica(memberId, "ACTIVE", sequence);
        return memberId;
    }

    protected void awaitReplica(UUID memberId, String status, long lastSequence) {
        eventually().untilAsserted(() -> {
            Response replica = get("/member-replica/" + memberId);
            assertThat(replica.status()).isEqualTo(200);
            assertThat(replica.body().path("status").asString()).isEqualTo(status);
            assertThat(replica.body().path("lastSequence").asLong()).isEqualTo(lastSequence);
        });
    }

    protected long reservationsOf(UUID memberId) {
        return jdbc.sql("select count(*) from reservation where member_id = ?")
            .param(memberId)
            .query(Long.class)
            .single();
    }

    /** Members the replica knows, whatever their status. */
    protected long replicaCount() {
        return jdbc.sql("select count(*) from member_replica").query(Long.class).single();
    }

    protected long reservationCount() {
        return jdbc.sql("select count(*) from reservation").query(Long.class).single();
    }

    protected double count(String meter, String... tags) {
        // summed over the tags not asked for
        return meters.find(meter).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    // ---- HTTP, as a client sees it

    protected static String reservationJson(UUID memberId, String resource, Instant startsAt, Instant endsAt) {
        return """
                {"memberId": "%s", "resource": "%s", "startsAt": "%s", "endsAt": "%s"}
                """.formatted(memberId, resource, startsAt, endsAt);
    }

    protected Response reserve(UUID memberId, String resource, Instant startsAt, Instant endsAt) {
        return post("/reservations", reservationJson(memberId, resource, startsAt, endsAt));
    }

    protected TestHttpClient http() {
        return new TestHttpClient(port);
    }

    protected Response get(String path) {
        return http().get(path);
    }

    protected Response delete(String path) {
        return http().delete(path);
    }

    protected Response post(String path, String body) {
        return http().post(path, body);
    }

    protected Response getAsAdmin(String path) {
        return http().getAsAdmin(path);
    }

    protected Response postAsAdmin(String path) {
        return http().postAsAdmin(path);
    }

}
