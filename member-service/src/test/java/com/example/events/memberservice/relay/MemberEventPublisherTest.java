package com.example.events.memberservice.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.memberservice.eventlog.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as published is what SNS's PublishBatch answer lists as successful, and
 * nothing else: at the SDK's edge, with an SNS that answers as told.
 */
class MemberEventPublisherTest {

    private static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:000000000000:member-events";

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final List<PublishBatchRequest> requests = new ArrayList<>();

    private MemberEventPublisher publisher;

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void anEntryTheAnswerDoesNotListStaysPendingAndIsTriedAgain() {
        // a truncated answer: the first entry succeeded, the second failed, the third is
        // listed nowhere
        publisher = publisherAnswering(request -> {
            List<PublishBatchRequestEntry> entries = request.publishBatchRequestEntries();
            return PublishBatchResponse.builder()
                .successful(PublishBatchResultEntry.builder().id(entries.get(0).id()).messageId("m-1").build())
                .failed(BatchResultErrorEntry.builder()
                    .id(entries.get(1).id())
                    .code("InternalError")
                    .message("try again")
                    .senderFault(false)
                    .build())
                .build();
        });
        StoredEvent listedAsSuccessful = event(1);
        StoredEvent listedAsFailed = event(2);
        StoredEvent listedNowhere = event(3);

        MemberEventPublisher.Outcome outcome = publisher
            .publish(List.of(listedAsSuccessful, listedAsFailed, listedNowhere));

        assertThat(requests).hasSize(1);
        assertThat(outcome.accepted()).containsExactly(listedAsSuccessful);
        assertThat(outcome.failed()).containsExactly(listedAsFailed, listedNowhere);
        assertThat(meters.get("outbox.events.published").tag("type", "MemberDeleted").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("outbox.publish.failures").counter().count()).isEqualTo(2.0);
    }

    @Test
    void anEmptyAnswerPublishesNothing() {
        publisher = publisherAnswering(request -> PublishBatchResponse.builder().build());

        MemberEventPublisher.Outcome outcome = publisher.publish(List.of(event(1), event(2)));

        assertThat(outcome.accepted()).isEmpty();
        assertThat(outcome.failed()).extracting(StoredEvent::sequence).containsExactly(1L, 2L);
        assertThat(outcome.firstFailure()).contains("neither as successful nor as failed");
    }

    @Test
    void everyEntryListedAsSuccessfulIsPublished() {
        publisher = publisherAnswering(request -> PublishBatchResponse.builder()
            .successful(request.publishBatchRequestEntries()
                .stream()
                .map(entry -> PublishBatchResultEntry.builder().id(entry.id()).messageId("m-" + entry.id()).build())
                .toList())
            .build());

        MemberEventPublisher.Outcome outcome = publisher.publish(List.of(event(1), event(2)));

        assertThat(outcome.accepted()).extracting(StoredEvent::sequence).containsExactly(1L, 2L);
        assertThat(outcome.failed()).isEmpty();
    }

    private MemberEventPublisher publisherAnswering(Answers sns) {
        SnsClient client = new SnsClient() {

            @Override
            public PublishBatchResponse publishBatch(PublishBatchRequest request) {
                requests.add(request);
                return sns.answer(request);
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }

        };
        MemberEventsTopic topic = new MemberEventsTopic(new MessagingProperties("member-events", TOPIC_ARN, false),
                client);
        RelayProperties settings = new RelayProperties(true, Duration.ofSeconds(1), 100, 2, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(30), 1000);
        return new MemberEventPublisher(client, topic, JsonMapper.builder().build(), Clock.systemUTC(), settings,
                meters, Tracer.NOOP);
    }

    private static StoredEvent event(long sequence) {
        Instant now = Instant.now();
        return new StoredEvent(sequence, UUID.randomUUID(), "MemberDeleted", 1, UUID.randomUUID(), now, null, null, now,
                now.plusSeconds(60));
    }

    @FunctionalInterface
    private interface Answers {

        PublishBatchResponse answer(PublishBatchRequest request);

    }

}
