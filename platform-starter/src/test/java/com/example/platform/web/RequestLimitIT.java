package com.example.platform.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.platform.PlatformTestApplication;
import com.example.platform.TestClient;
import com.example.platform.TestClient.Answer;
import com.example.platform.ThingController;
import com.example.events.testsupport.ServerRequests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service with {@code web.max-concurrent-requests} requests in progress refuses the
 * next one at once with 503 overloaded and a {@code Retry-After}, before any of it runs,
 * keeps answering its health checks, and serves again as soon as those in progress end.
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "web.max-concurrent-requests=3")
class RequestLimitIT {

    private static final int LIMIT = 3;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsBeyondTheLimitAreRefusedWith503UntilThoseInProgressEnd() throws Exception {
        TestClient client = new TestClient(port);
        double refusedBefore = meters.counter(RequestLimit.REFUSED_METER).count();
        ThingController.held = new CountDownLatch(1);
        List<Future<Answer>> held = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < LIMIT; i++) {
                held.add(clients.submit(() -> new TestClient(port).get("/slow")));
            }
            await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> ServerRequests.inProgress(meters) >= LIMIT);

            Answer refused = client.get("/things?page=0");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().path("type").asString()).isEqualTo("/problems/overloaded");
            assertThat(refused.json().path("title").asString()).isEqualTo("Overloaded");
            assertThat(refused.json().path("status").asInt()).isEqualTo(503);
            assertThat(refused.json().path("detail").asString()).contains("More than " + LIMIT);
            assertThat(refused.json().path("instance").asString()).isEqualTo("/things");
            assertThat(meters.counter(RequestLimit.REFUSED_METER).count()).isEqualTo(refusedBefore + 1);
            assertThat(client.get("/actuator/health/liveness").status()).as("health is not limited").isEqualTo(200);
            assertThat(held).noneMatch(Future::isDone);

            ThingController.held.countDown();
            for (Future<Answer> answer : held) {
                assertThat(answer.get().text()).isEqualTo("released");
            }
        }
        assertThat(client.get("/things?page=0").status()).isEqualTo(200);
    }

}
