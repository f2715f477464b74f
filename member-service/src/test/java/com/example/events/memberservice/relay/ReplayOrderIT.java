package com.example.events.memberservice.relay;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.example.events.memberservice.OutboxIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay never holds up live events: it is queued a batch (1000 events) per
 * transaction, and the relay publishes every event never published before any event a
 * replay queued again.
 */
class ReplayOrderIT extends OutboxIntegrationTestSupport {

    private static final int LOGGED = 2_500;

    @Test
    void aLiveEventGoesOutBeforeTheReplayQueuedAheadOfIt() {
        relay.stop();
        UUID live;
        try {
            appendPublished(LOGGED);
            assertThat(replayAll().getBody().get("replayed").asInt()).isEqualTo(LOGGED);
            live = register("Live", "live@example.com");
        }
        finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());

        Timestamp livePublished = jdbc.sql("select published_at from event_log where member_id = :member")
            .param("member", live)
            .query(Timestamp.class)
            .single();
        assertThat(publishedCompared("<", livePublished)).as("published before the live event").isZero();
        assertThat(publishedCompared("=", livePublished)).as("the first round: the live event and 99 replayed")
            .isEqualTo(100);
        assertThat(publishedCompared(">", livePublished)).isEqualTo(LOGGED - 99);
    }

    @Test
    void aReplayCommitsBatchByBatchNotAsOneTransaction() throws Exception {
        relay.stop();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            appendPublished(LOGGED);
            long last = jdbc.sql("select max(sequence) from event_log").query(Long.class).single();
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // another transaction holds the last event, as a relay or a compaction might
            CompletableFuture<Void> holder = CompletableFuture
                .runAsync(() -> transaction.executeWithoutResult(status -> {
                    jdbc.sql("select sequence from event_log where sequence = :last for update")
                        .param("last", last)
                        .query(Long.class)
                        .single();
                    locked.countDown();
                    awaitQuietly(release);
                }), threads);
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<ResponseEntity<JsonNode>> replay = CompletableFuture.supplyAsync(this::replayAll,
                    threads);

            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(database.pendingEvents())
                    .as("the first two batches committed while the third waits for the held event")
                    .isEqualTo(2_000));
            assertThat(replay).isNotDone();
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(replay.get(20, TimeUnit.SECONDS).getBody().get("replayed").asInt()).isEqualTo(LOGGED);
            assertThat(database.pendingEvents()).isEqualTo(LOGGED);
        }
        finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.pendingEvents()).isZero());
    }

    private ResponseEntity<JsonNode> replayAll() {
        var response = api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", 0));
        assertThat(response.getStatusCode().value()).isEqualTo(202);
        return response;
    }

    private void appendPublished(int events) {
        appendRegistrations(events);
        jdbc.sql("update event_log set published_at = now()").update();
    }

    private long publishedCompared(String comparison, Timestamp to) {
        return jdbc.sql("select count(*) from event_log where published_at " + comparison + " :to")
            .param("to", to)
            .query(Long.class)
            .single();
    }

}
