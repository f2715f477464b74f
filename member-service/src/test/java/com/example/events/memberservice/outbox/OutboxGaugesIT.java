package com.example.events.memberservice.outbox;

import java.time.Duration;
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

    private double scrape(String metric) {
        String text = api.text("/actuator/prometheus").getBody();
        return text.lines()
            .filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(metric + " not on /actuator/prometheus"));
    }

}
