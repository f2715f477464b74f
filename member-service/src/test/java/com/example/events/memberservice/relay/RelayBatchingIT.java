package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import io.awspring.cloud.autoconfigure.sns.SnsClientCustomizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many events at once go out in PublishBatch requests of up to ten, each event once; an
 * entry SNS refuses within a batch is tried again on its own.
 */
@Import(RelayBatchingIT.SnsRequests.class)
class RelayBatchingIT extends OutboxIntegrationTestSupport {

    static final AtomicInteger batchRequests = new AtomicInteger();
    static final AtomicInteger batchEntries = new AtomicInteger();
    static final AtomicInteger singleRequests = new AtomicInteger();

    /**
     * The batch entry id (the event's sequence) SNS is to refuse once, as it may refuse
     * any entry.
     */
    static final AtomicReference<String> refuseOnce = new AtomicReference<>();
    static final ExecutionAttribute<String> REFUSED = new ExecutionAttribute<>("refused-entry");

    @TestConfiguration
    static class SnsRequests {

        @Bean
        SnsClientCustomizer countPublishRequests() {
            return builder -> builder
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof PublishBatchRequest batch) {
                            batchRequests.incrementAndGet();
                            batchEntries.addAndGet(batch.publishBatchRequestEntries().size());
                        }
                        else if (context.request() instanceof PublishRequest) {
                            singleRequests.incrementAndGet();
                        }
                    }

                    // the refused entry never reaches the broker, and the answer lists it
                    // as failed
                    @Override
                    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                        String refused = refuseOnce.get();
                        if (refused != null && context.request() instanceof PublishBatchRequest batch
                                && batch.publishBatchRequestEntries().stream().anyMatch(e -> e.id().equals(refused))
                                && refuseOnce.compareAndSet(refused, null)) {
                            attributes.putAttribute(REFUSED, refused);
                            return batch.toBuilder()
                                .publishBatchRequestEntries(batch.publishBatchRequestEntries()
                                    .stream()
                                    .filter(entry -> !entry.id().equals(refused))
                                    .toList())
                                .build();
                        }
                        return context.request();
                    }

                    @Override
                    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                        String refused = attributes.getAttribute(REFUSED);
                        if (refused != null && context.response() instanceof PublishBatchResponse response) {
                            return response.toBuilder()
                                .failed(BatchResultErrorEntry.builder()
                                    .id(refused)
                                    .code("InternalError")
                                    .message("injected")
                                    .senderFault(false)
                                    .build())
                                .build();
                        }
                        return context.response();
                    }
                }));
        }

    }

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @BeforeEach
    void noRequestsCounted() {
        batchRequests.set(0);
        batchEntries.set(0);
        singleRequests.set(0);
        refuseOnce.set(null);
    }

    @Test
    void aBurstOfRegistrationsIsPublishedOnceEachInBatches() throws Exception {
        int registrations = 500;
        List<Callable<Integer>> calls = IntStream.range(0, registrations)
            .<Callable<Integer>>mapToObj(
                    i -> () -> api.register("Burst " + i, "burst-" + i + "@example.com").getStatusCode().value())
            .toList();
        try (var clients = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : clients.invokeAll(calls)) {
                assertThat(status.get()).isEqualTo(201);
            }
        }

        List<Message> received = subscription.receive(registrations, Duration.ofSeconds(60));
        received.addAll(subscription.drain(Duration.ofSeconds(2)));
        assertThat(eventIds(received)).as("every event arrived").hasSize(registrations);
        assertThat(received).as("none arrived twice").hasSize(registrations);
        awaitNothingPending();
        assertThat(singleRequests.get()).as("no event sent on its own").isZero();
        assertThat(batchEntries.get()).as("each event sent once").isEqualTo(registrations);
    }

    @Test
    void aBacklogGoesOutTenEventsPerRequest() {
        int backlog = 500;
        relay.stop();
        try {
            appendRegistrations(backlog);
        }
        finally {
            relay.start();
        }

        List<Message> received = subscription.receive(backlog, Duration.ofSeconds(60));
        received.addAll(subscription.drain(Duration.ofSeconds(2)));
        assertThat(eventIds(received)).hasSize(backlog);
        assertThat(received).hasSize(backlog);
        assertThat(batchRequests.get()).as("full requests of ten").isEqualTo(backlog / 10);
        assertThat(batchEntries.get()).isEqualTo(backlog);
    }

    @Test
    void anEntrySnsRefusesIsTriedAgainAndTheRestOfItsBatchIsDone() {
        relay.stop();
        double failuresBefore = meters.counter("outbox.publish.failures").count();
        try {
            appendRegistrations(5);
            long third = jdbc.sql("select sequence from event_log order by sequence offset 2 limit 1")
                .query(Long.class)
                .single();
            refuseOnce.set(Long.toString(third));
        }
        finally {
            relay.start();
        }

        List<Message> received = subscription.receive(5, Duration.ofSeconds(20));
        received.addAll(subscription.drain(Duration.ofSeconds(2)));
        assertThat(refuseOnce.get()).as("SNS refused one entry").isNull();
        assertThat(eventIds(received)).as("the refused event arrived too").hasSize(5);
        assertThat(received).as("the accepted ones were not sent again").hasSize(5);
        assertThat(meters.counter("outbox.publish.failures").count()).isEqualTo(failuresBefore + 1);
        awaitNothingPending();
    }

}
