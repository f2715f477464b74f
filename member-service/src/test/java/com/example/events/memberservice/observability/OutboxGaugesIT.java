package com.example.events.memberservice.observability;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox as an operator's Prometheus sees it. No relay runs, so events stay pending
 * until the test says.
 */
@IntegrationTest(properties = "outbox.relay.enabled=false")
class OutboxGaugesIT extends IntegrationTestSupport {

    @Test
    void pendingEventsAndTheAgeOfTheOldestAreScraped() {
        UUID first = register("Gauge One", "gauge-one@example.com");
        register("Gauge Two", "gauge-two@example.com");
        api.delete("/members/" + first);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(scrape("outbox_events_pending")).isEqualTo(3);
            assertThat(scrape("outbox_events_pending_oldest_age_seconds")).isGreaterThanOrEqualTo(1);
        });

        jdbc.sql("update event_log set published_at = now()").update();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(scrape("outbox_events_pending")).isZero();
            assertThat(scrape("outbox_events_pending_oldest_age_seconds")).isZero();
        });
    }

    @Test
    void aReplayedEventHasWaitedSinceItsRequeueNotSinceItOccurred() {
        register("Long Ago", "long-ago@example.com");
        jdbc.sql("update event_log set occurred_at = now() - interval '10 days', published_at = now()").update();

        var replay = api.asAdmin("POST", "/admin/events/replay", Map.of("fromSequence", 0));
        assertThat(replay.getStatusCode().value()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(scrape("outbox_events_pending")).isEqualTo(1);
            assertThat(scrape("outbox_events_pending_oldest_age_seconds")).isLessThan(60);
        });
        var status = api.asAdmin("GET", "/admin/outbox", null).getBody();
        assertThat(status.get("pending").asLong()).isEqualTo(1);
        assertThat(status.get("oldestPendingAgeSeconds").asLong()).isLessThan(60);

        // a live event that old has waited all that time
        register("Never Published", "never-published@example.com");
        jdbc.sql("update event_log set occurred_at = now() - interval '10 days' where requeued_at is null").update();
        assertThat(api.asAdmin("GET", "/admin/outbox", null).getBody().get("oldestPendingAgeSeconds").asLong())
            .isGreaterThanOrEqualTo(Duration.ofDays(10).toSeconds());
    }

    private double scrape(String metric) {
        String text = api.text("/actuator/prometheus").getBody();
        return text.lines()
            .filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(metric + " not on /actuator/prometheus"));
    }

}
