package com.example.events.reservationservice.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.reservationservice.TestHttpClient.Response;
import com.example.events.testsupport.ServerRequests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with {@code web.max-concurrent-requests} requests in progress refuses the
 * next one at once with 503 and a problem, keeps answering its health checks, and serves
 * again as soon as the requests in progress end.
 */
class RequestLimitIT extends IntegrationTestSupport {

    private static final Instant FIRST_SLOT = Instant.parse("2031-03-01T08:00:00Z");

    @Value("${web.max-concurrent-requests}")
    int limit;

    @Autowired
    DataSource dataSource;

    @Test
    void requestsBeyondTheLimitAreRefusedWith503UntilThoseInProgressEnd() throws Exception {
        UUID member = registerMember(1);
        double refusedBefore = count(RequestLimit.REFUSED_METER);

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
                    reservations.add(clients.submit(() -> new TestHttpClient(port).post("/reservations",
                            reservationJson(member, "court-1", startsAt, startsAt.plus(1, ChronoUnit.HOURS)))));
                }
                await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ServerRequests.inProgress(meters) >= limit);

                // a request that needs no database, refused all the same
                HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(),
                            HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(JSON.readTree(refused.body()).path("type").asString()).isEqualTo("/problems/overloaded");
                assertThat(JSON.readTree(refused.body()).path("detail").asString()).contains(String.valueOf(limit));
                assertThat(count(RequestLimit.REFUSED_METER)).isGreaterThan(refusedBefore);
                // health checks are not limited
                assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
                assertThat(reservations).noneMatch(Future::isDone);
                lock.rollback();
            }
            for (Future<Response> reservation : reservations) {
                assertThat(reservation.get().status()).isEqualTo(201);
            }
        }
        assertThat(reservationsOf(member)).isEqualTo(limit);
        assertThat(get("/v3/api-docs").status()).isEqualTo(200);
    }

}
