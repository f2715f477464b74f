package com.example.events.memberservice.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.localsystem.BrokerProxy;
import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.MemberServiceApplication;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows SNS, liveness does not, and the API answers throughout. SNS is taken
 * away by a proxy between the service and the broker, so the service sees what it would
 * see on a network failure.
 */
class BrokerReadinessIT {

    @Test
    void readinessGoesDownWithTheBrokerAndUpWhenItReturnsWhileTheApiKeepsAnswering() {
        try (BrokerProxy proxy = BrokerProxy.start("readiness-test", TestInfrastructure.broker().endpoint());
                ConfigurableApplicationContext context = start(proxy)) {
            var api = new MemberApi(((WebServerApplicationContext) context).getWebServer().getPort());
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(200));

            proxy.cut();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(503));
            assertThat(api.get("/actuator/health/readiness").getBody().get("status").asString()).isEqualTo("DOWN");
            assertThat(status(api, "/actuator/health/liveness")).isEqualTo(200);
            var registered = api.register("Ready Or Not", "ready-" + UUID.randomUUID() + "@example.com");
            assertThat(registered.getStatusCode().value()).as("writes go on; the event waits in the outbox")
                .isEqualTo(201);
            assertThat(status(api, MemberApi.location(registered))).isEqualTo(200);

            proxy.restore();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(api, "/actuator/health/readiness")).isEqualTo(200));
        }
    }

    private static int status(MemberApi api, String path) {
        return api.get(path).getStatusCode().value();
    }

    private static ConfigurableApplicationContext start(BrokerProxy proxy) {
        List<String> properties = new ArrayList<>(List.of(TestInfrastructure.applicationProperties("member")));
        properties.removeIf(property -> property.startsWith("spring.cloud.aws.endpoint="));
        properties.add("spring.cloud.aws.endpoint=" + proxy.endpoint());
        properties.add("server.port=0");
        // short, so that the test sees each change within a second; the defaults are for
        // real probes
        properties.add("observability.broker-health.cache-for=200ms");
        properties.add("observability.broker-health.timeout=1s");
        // as command-line arguments, so they win over application.yml (builder
        // "properties" are only defaults)
        return new SpringApplicationBuilder(MemberServiceApplication.class)
            .run(properties.stream().map(property -> "--" + property).toArray(String[]::new));
    }

}
