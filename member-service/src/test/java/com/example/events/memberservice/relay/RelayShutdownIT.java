package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import io.awspring.cloud.autoconfigure.sns.SnsClientCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay stopped in the middle of a round, as a deploy stops it with a backlog: the
 * round finishes and is marked, no other round starts, the events handed over to it
 * meanwhile are given back, and the next relay publishes the rest at once; no event goes
 * out twice. SNS answers the round's requests only when the test says, so the stop surely
 * begins while the round is in progress.
 */
@Import(RelayShutdownIT.HeldRequests.class)
class RelayShutdownIT extends OutboxIntegrationTestSupport {

    private static final int BACKLOG = 300;

    private static final int BATCH = 100;

    private static final int HANDED_OVER = 5;

    static final AtomicBoolean holding = new AtomicBoolean();

    static final AtomicInteger requestsHeld = new AtomicInteger();

    static volatile CountDownLatch answer = new CountDownLatch(0);

    @TestConfiguration
    static class HeldRequests {

        @Bean
        SnsClientCustomizer holdPublishAnswers() {
            return builder -> builder
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    // after SNS has taken the events: the round has published them, but
                    // not yet marked them
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        if (holding.get() && context.response() instanceof PublishBatchResponse) {
                            requestsHeld.incrementAndGet();
                            try {
                                answer.await(30, TimeUnit.SECONDS);
                            }
                            catch (InterruptedException ex) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }));
        }

    }

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @AfterEach
    void answerEverything() {
        holding.set(false);
        answer.countDown();
    }

    @Test
    void aStoppedRelayFinishesItsRoundStartsNoOtherAndNothingGoesOutTwice() throws Exception {
        relay.stop();
        appendRegistrations(BACKLOG);
        answer = new CountDownLatch(1);
        requestsHeld.set(0);
        holding.set(true);
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> requestsHeld.get() > 0);
        // committed while the round runs: reserved for this relay and handed over to it
        appendRegistrations(HANDED_OVER);
        assertThat(
                jdbc.sql("select count(*) from event_log where claimed_until is not null").query(Long.class).single())
            .as("the round's and the handed-over events are held")
            .isEqualTo(BATCH + HANDED_OVER);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(relay::stop);
        await().atMost(Duration.ofSeconds(5)).until(() -> !relay.isRunning());
        Thread.sleep(300);
        assertThat(stopped).as("stop waits for the round in progress").isNotDone();
        holding.set(false);
        answer.countDown();
        stopped.get(20, TimeUnit.SECONDS);

        assertThat(BACKLOG + HANDED_OVER - database.pendingEvents()).as("the one round, marked").isEqualTo(BATCH);
        assertThat(
                jdbc.sql("select count(*) from event_log where claimed_until is not null").query(Long.class).single())
            .as("no claim left behind, none of the events handed over held back until a lease ends")
            .isZero();
        Thread.sleep(1_000);
        assertThat(database.pendingEvents()).as("no round after the stop").isEqualTo(BACKLOG + HANDED_OVER - BATCH);

        relay.start();
        List<Message> received = subscription.receive(BACKLOG + HANDED_OVER, Duration.ofSeconds(60));
        received.addAll(subscription.drain(Duration.ofSeconds(2)));
        assertThat(eventIds(received)).as("every event").hasSize(BACKLOG + HANDED_OVER);
        assertThat(received).as("none twice").hasSize(BACKLOG + HANDED_OVER);
    }

}
