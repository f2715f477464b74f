package com.example.events.reservationservice.web;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.platform.web.RequestLimit;
import com.example.events.testsupport.ServerRequests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with {@code web.max-concurrent-requests} requests in progress refuses the
 * next one at once with 503 and a problem, keeps answering its health checks, and serves
 * again as soon as the requests in progress end. The instance under test allows fewer
 * requests than its API has connections, so that every request in progress holds one,
 * waiting for a row lock, rather than failing after the pool's timeout.
 */
class RequestLimitIT extends IntegrationTestSupport {

    private static final Instant FIRST_SLOT = Instant.parse("2031-03-01T08:00:00Z");

    @Value("${database.api-connections}")
    int apiConnections;

    @Autowired
    DataSource dataSource;

    @Test
    void requestsBeyondTheLimitAreRefusedWith503UntilThoseInProgressEnd() throws Exception {
        int limit = apiConnections / 2;
        try (ConfigurableApplicationContext instance = AnotherInstance.start("web.max-concurrent-requests=" + limit)) {
            requestsBeyondTheLimitAreRefused(limit, AnotherInstance.http(instance),
                    instance.getBean(MeterRegistry.class));
        }
    }

    private void requestsBeyondTheLimitAreRefused(int limit, TestHttpClient http, MeterRegistry meters)
            throws Exception {
        UUID member = registerMember(1);
        double refusedBefore = meters.counter(RequestLimit.REFUSED_METER).count();

        List<Future<Response>> reservations = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // every reservation for the locked member stays in progress: waiting for the
            // lock, or for a connection held by one that waits for it
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (var statement = lock
                    .prepareStatement("select * from member_replica where member_id = ? for update")) {
                    statement.setObject(1, member);
                    statement.executeQuery();
                }
                for (int i = 0; i < limit; i++) {
                    Instant startsAt = FIRST_SLOT.plus(i, ChronoUnit.HOURS);
                    reservations.add(clients.submit(() -> http.post("/reservations",
                            reservationJson(member, "court-1", startsAt, startsAt.plus(1, ChronoUnit.HOURS)))));
                }
                await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ServerRequests.inProgress(meters) >= limit);

                // a request that needs no database, refused all the same
                Response refused = http.get("/v3/api-docs");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.contentType()).isEqualTo("application/problem+json");
                assertThat(refused.retryAfter()).isEqualTo("1");
                assertThat(refused.body().path("type").asString()).isEqualTo("/problems/overloaded");
                assertThat(refused.body().path("detail").asString()).contains(String.valueOf(limit));
                assertThat(meters.counter(RequestLimit.REFUSED_METER).count()).isGreaterThan(refusedBefore);
                // health checks are not limited
                assertThat(http.status("/actuator/health/liveness")).isEqualTo(200);
                assertThat(reservations).noneMatch(Future::isDone);
                lock.rollback();
            }
            for (Future<Response> reservation : reservations) {
                assertThat(reservation.get().status()).isEqualTo(201);
            }
        }
        assertThat(reservationsOf(member)).isEqualTo(limit);
        assertThat(http.status("/v3/api-docs")).isEqualTo(200);
    }

}
