package com.example.events.reservationservice.observability;

import java.time.Duration;
import java.util.UUID;

import com.example.events.localsystem.BrokerProxy;
import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.TestHttpClient;
import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows SQS, liveness does not, and the API answers throughout. SQS is taken
 * away by a proxy between the service and the broker, so the service sees what it would
 * see on a network failure.
 */
class BrokerReadinessIT {

    @Test
    void readinessGoesDownWithTheBrokerAndUpWhenItReturnsWhileTheApiKeepsAnswering() throws Exception {
        try (BrokerProxy proxy = BrokerProxy.start("readiness-test", TestInfrastructure.broker().endpoint());
                ConfigurableApplicationContext context = AnotherInstance.start(
                        "spring.cloud.aws.endpoint=" + proxy.endpoint(),
                        // short, so that the test sees each change within a second; the
                        // defaults are for real probes
                        "observability.broker-health.cache-for=200ms", "observability.broker-health.timeout=1s")) {
            TestHttpClient http = AnotherInstance.http(context);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(200));

            proxy.cut();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(503));
            assertThat(http.status("/actuator/health/liveness")).isEqualTo(200);
            assertThat(http.status("/reservations?memberId=" + UUID.randomUUID())).isEqualTo(200);
            assertThat(http.status("/member-replica/" + UUID.randomUUID())).isEqualTo(404);

            proxy.restore();

            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(http.status("/actuator/health/readiness")).isEqualTo(200));
        }
    }

}
