package com.example.events.reservationservice.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.ReservationServiceApplication;
import com.example.events.localsystem.BrokerProxy;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows SQS, liveness does not, and the API answers throughout. SQS is taken away by a proxy between
 * the service and the broker, so the service sees what it would see on a network failure.
 */
class BrokerReadinessIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readinessGoesDownWithTheBrokerAndUpWhenItReturnsWhileTheApiKeepsAnswering() throws Exception {
        try (BrokerProxy proxy = BrokerProxy.start("readiness-test", TestInfrastructure.broker().endpoint());
                ConfigurableApplicationContext context = start(proxy)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200));

            proxy.cut();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(port, "/actuator/health/readiness")).isEqualTo(503));
            assertThat(status(port, "/actuator/health/liveness")).isEqualTo(200);
            assertThat(status(port, "/reservations?memberId=" + UUID.randomUUID())).isEqualTo(200);
            assertThat(status(port, "/member-replica/" + UUID.randomUUID())).isEqualTo(404);

            proxy.restore();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(port, "/actuator/health/readiness")).isEqualTo(200));
        }
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static ConfigurableApplicationContext start(BrokerProxy proxy) {
        List<String> properties = new ArrayList<>(List.of(TestInfrastructure.applicationProperties("reservation")));
        properties.removeIf(property -> property.startsWith("spring.cloud.aws.endpoint="));
        properties.add("spring.cloud.aws.endpoint=" + proxy.endpoint());
        properties.add("server.port=0");
        // short, so that the test sees each change within a second; the defaults are for real probes
        properties.add("observability.broker-health.cache-for=200ms");
        properties.add("observability.broker-health.timeout=1s");
        // as command-line arguments, so they win over application.yml (builder "properties" are only defaults)
        return new SpringApplicationBuilder(ReservationServiceApplication.class)
            .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }
}
