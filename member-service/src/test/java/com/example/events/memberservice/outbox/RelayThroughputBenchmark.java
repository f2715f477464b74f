package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.Database;
import com.example.events.memberservice.IntegrationTest;
import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test: prints how fast the relay drains a backlog and how long an event waits before SNS
 * accepts it under a steady load. Not picked up by {@code verify}; run it on purpose:
 * {@code ./mvnw -B -ntp -pl member-service verify -Dit.test=RelayThroughputBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. The lag is measured from the event's {@code occurredAt} to the queue's
 * {@code SentTimestamp}, both on this machine, so it includes the fan-out to the queue but not a consumer.
 */
@IntegrationTest
class RelayThroughputBenchmark {

    private static final int BACKLOG = Integer.getInteger("benchmark.backlog", 2000);
    private static final int RATE = Integer.getInteger("benchmark.rate", 200);
    private static final Duration LOAD_FOR = Duration.ofSeconds(Long.getLong("benchmark.seconds", 10));

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    EventLog eventLog;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate transaction;

    Database database;

    @BeforeEach
    void setUp() {
        database = new Database(jdbc);
        database.clear();
        subscription.drain(Duration.ofMillis(300));
    }

    @Test
    void drainABacklog() {
        relay.stop();
        try {
            transaction.executeWithoutResult(status -> {
                for (int i = 0; i < BACKLOG; i++) {
                    eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
                }
            });
        }
        finally {
            relay.start();
        }
        long started = System.nanoTime();
        awaitNothingPending(Duration.ofMinutes(2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<Message> received = subscription.receive(BACKLOG, Duration.ofMinutes(2));
        assertThat(received).hasSize(BACKLOG);
        System.out.printf("[benchmark] backlog of %d drained in %d ms: %.0f events/s%n", BACKLOG, took.toMillis(),
            BACKLOG * 1000.0 / Math.max(1, took.toMillis()));
    }

    @Test
    void lagUnderSteadyLoad() throws InterruptedException {
        int events = (int) (RATE * LOAD_FOR.toSeconds());
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        try {
            long periodMicros = 1_000_000L / RATE;
            producer.scheduleAtFixedRate(() -> transaction.executeWithoutResult(status ->
                eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID())), 0, periodMicros,
                TimeUnit.MICROSECONDS);
            Thread.sleep(LOAD_FOR);
        }
        finally {
            producer.shutdownNow();
            producer.awaitTermination(5, TimeUnit.SECONDS);
        }
        awaitNothingPending(Duration.ofMinutes(2));
        long appended = database.events();
        List<Message> received = subscription.receive((int) appended, Duration.ofMinutes(2));
        assertThat(received).hasSizeGreaterThanOrEqualTo((int) appended);

        long[] lagMillis = received.stream().mapToLong(message -> {
            Instant occurred = Instant.parse(json.readTree(message.body()).get("occurredAt").asString());
            long sent = Long.parseLong(message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP));
            return sent - occurred.toEpochMilli();
        }).sorted().toArray();
        System.out.printf("[benchmark] %d events offered at %d/s (%d planned): publish lag p50 %d ms, p99 %d ms, "
            + "max %d ms%n", appended, RATE, events, percentile(lagMillis, 50), percentile(lagMillis, 99),
            lagMillis[lagMillis.length - 1]);
    }

    private void awaitNothingPending(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (database.pendingEvents() > 0) {
            assertThat(Instant.now()).as("backlog drained in time").isBefore(deadline);
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
