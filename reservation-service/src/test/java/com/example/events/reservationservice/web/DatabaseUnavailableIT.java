package com.example.events.reservationservice.web;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.DatabaseBehindProxy;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.reservationservice.TestHttpClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API while its database cannot be reached: every request is answered within two
 * seconds with 503, a problem and a Retry-After, never a 500 or a hang; readiness goes
 * DOWN and liveness stays UP; once the database is back and readiness UP again,
 * everything answers as before, without a restart.
 */
class DatabaseUnavailableIT {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Test
    void requestsAreRefusedPromptlyWith503WhileTheDatabaseIsUnreachable() {
        try (DatabaseBehindProxy database = DatabaseBehindProxy.start();
                ConfigurableApplicationContext instance = AnotherInstance.start(database.datasourceUrl())) {
            TestHttpClient http = AnotherInstance.http(instance);
            UUID member = UUID.randomUUID();
            Instant at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
            String reservation = """
                    {"memberId": "%s", "resource": "court-1", "startsAt": "%s", "endsAt": "%s"}
                    """.formatted(member, at, at.plusSeconds(3600));
            List<Supplier<Response>> requests = List.of(() -> http.get("/reservations?memberId=" + member),
                    () -> http.get("/reservations/" + UUID.randomUUID()),
                    () -> http.delete("/reservations/" + UUID.randomUUID()),
                    () -> http.get("/member-replica/" + member), () -> http.post("/reservations", reservation));
            assertThat(http.status("/actuator/health/readiness")).isEqualTo(200);

            database.cut();

            for (int round = 0; round < 2; round++) {
                for (Supplier<Response> request : requests) {
                    long started = System.nanoTime();
                    Response refused = request.get();
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    assertThat(refused.status()).as(refused.text()).isEqualTo(503);
                    assertThat(refused.contentType()).startsWith("application/problem+json");
                    assertThat(refused.body().path("type").asString()).isEqualTo("/problems/database-unavailable");
                    assertThat(refused.body().path("detail").asString()).isNotBlank();
                    assertThat(refused.retryAfter()).isEqualTo("2");
                    assertThat(took).isLessThan(PROMPTLY);
                }
            }
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(503));
            assertThat(http.status("/actuator/health/liveness")).isEqualTo(200);

            database.restore();

            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(200));
            // ready means served: a request routed here once readiness is UP again is not
            // refused
            assertThat(http.get("/reservations?memberId=" + member).status()).isEqualTo(200);
            assertThat(http.get("/member-replica/" + member).status()).isEqualTo(404);
            assertThat(http.post("/reservations", reservation).status()).as("unknown member, as before").isEqualTo(422);
        }
    }

}
