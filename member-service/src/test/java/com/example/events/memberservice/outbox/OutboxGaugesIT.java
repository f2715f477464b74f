package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.UUID;

import com.example.events.memberservice.Database;
import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox as an operator's Prometheus sees it. No relay runs, so events stay pending
 * until the test says.
 */
@IntegrationTest(properties = "outbox.relay.enabled=false")
class OutboxGaugesIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    MemberApi api;

    Database database;

    @BeforeEach
    void setUp() {
        api = new MemberApi(port);
        database = new Database(jdbc);
        database.clear();
    }

    @Test
    void pendingEventsAndTheAgeOfTheOldestAreScraped() {
        UUID first = UUID.fromString(api.register("Gauge One", "gauge-one@example.com").getBody().get("id").asString());
        api.register("Gauge Two", "gauge-two@example.com");
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
        String text = new MemberApi(port).text("/actuator/prometheus").getBody();
        return text.lines()
            .filter(line -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
            .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(metric + " not on /actuator/prometheus"));
    }

}
