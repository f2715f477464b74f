package com.example.events.memberservice.web;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.IntegrationTestSupport;
import com.example.events.memberservice.MemberApi;
import com.example.events.testsupport.ServerRequests;
import com.example.platform.web.RequestLimit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with {@code web.max-concurrent-requests} requests in progress refuses the
 * next one at once with 503 and a problem, changes nothing for it, keeps answering its
 * health checks, and serves again as soon as the requests in progress end. The requests
 * held in progress all delete the same member: one deletes it, the others find nothing.
 * Those that wait for a connection wait as long as the test holds them, not the pool's
 * 0.5 s after which a request answers 503 because the database did not answer in time.
 */
@IntegrationTest(properties = "spring.datasource.hikari.connection-timeout=60000")
class RequestLimitIT extends IntegrationTestSupport {

    @Value("${web.max-concurrent-requests}")
    int limit;

    @Autowired
    DataSource dataSource;

    @Test
    void requestsBeyondTheLimitAreRefusedWith503UntilThoseInProgressEnd() throws Exception {
        String member = MemberApi.location(api.register("Held Back", "held@example.com"));
        double refusedBefore = meters.counter(RequestLimit.REFUSED_METER).count();

        List<Future<ResponseEntity<JsonNode>>> deletions = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // every deletion of the locked row stays in progress: waiting for the lock,
            // or for a connection held by one that waits for it
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (var statement = lock.prepareStatement("select * from member where id = ? for update")) {
                    statement.setObject(1, UUID.fromString(member.substring(member.lastIndexOf('/') + 1)));
                    statement.executeQuery();
                }
                for (int i = 0; i < limit; i++) {
                    // a client each: one client's connection pool would hold them back
                    deletions.add(clients.submit(() -> new MemberApi(port).delete(member)));
                }

                await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ServerRequests.inProgress(meters) >= limit);

                // a request that needs no database, refused all the same
                ResponseEntity<JsonNode> refused = api.get("/v3/api-docs");
                assertThat(refused.getStatusCode().value()).isEqualTo(503);
                assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
                assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1");
                assertThat(refused.getBody().path("type").asString()).isEqualTo("/problems/overloaded");
                assertThat(refused.getBody().path("status").asInt()).isEqualTo(503);
                assertThat(refused.getBody().path("detail").asString()).contains(String.valueOf(limit));
                assertThat(meters.counter(RequestLimit.REFUSED_METER).count()).isGreaterThan(refusedBefore);
                // a refused write did nothing
                assertThat(api.register("Refused", "refused@example.com").getStatusCode().value()).isEqualTo(503);
                try (var members = lock.prepareStatement("select count(*) from member where email = ?")) {
                    // on the test's own connection: the pool's are all taken
                    members.setString(1, "refused@example.com");
                    try (var count = members.executeQuery()) {
                        count.next();
                        assertThat(count.getLong(1)).isZero();
                    }
                }
                // health checks are not limited
                assertThat(api.get("/actuator/health/liveness").getStatusCode().value()).isEqualTo(200);
                assertThat(deletions).noneMatch(Future::isDone);
                lock.rollback();
            }

            List<Integer> statuses = new ArrayList<>();
            for (Future<ResponseEntity<JsonNode>> deletion : deletions) {
                statuses.add(deletion.get().getStatusCode().value());
            }
            // the same member deleted by all of them at once: deleted once, announced
            // once
            assertThat(statuses).containsOnly(204, 404).filteredOn(status -> status == 204).hasSize(1);
        }
        assertThat(jdbc.sql("select count(*) from event_log where event_type = 'MemberDeleted'")
            .query(Long.class)
            .single()).isEqualTo(1);
        assertThat(api.get("/v3/api-docs").getStatusCode().value()).isEqualTo(200);
    }

}
