package com.example.events.reservationservice.messaging;

import java.util.UUID;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one queue compete for its messages: SQS hands each
 * message to one of them at a time, so together they apply every event once, and both
 * take part.
 */
class CompetingConsumersIT extends IntegrationTestSupport {

    private static final int EVENTS = 60;

    @Test
    void twoInstancesShareTheQueueAndApplyEveryEventOnce() {
        double appliedHereBefore = applied(meters);
        try (ConfigurableApplicationContext secondInstance = AnotherInstance.start()) {
            for (int i = 1; i <= EVENTS; i++) {
                publish(registered(i, UUID.randomUUID()));
            }

            eventually().untilAsserted(() -> {
                long active = jdbc.sql("select count(*) from member_replica where status = 'ACTIVE'")
                    .query(Long.class)
                    .single();
                assertThat(active).isEqualTo(EVENTS);
            });
            eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());

            double appliedHere = applied(meters) - appliedHereBefore;
            double appliedThere = applied(secondInstance.getBean(MeterRegistry.class));
            assertThat(appliedHere + appliedThere).as("each event applied once, by one instance").isEqualTo(EVENTS);
            assertThat(appliedHere).as("this instance took part").isPositive();
            assertThat(appliedThere).as("the other instance took part").isPositive();
        }
    }

    private static double applied(MeterRegistry registry) {
        return registry.find(APPLIED).tag("outcome", "applied").counters().stream().mapToDouble(Counter::count).sum();
    }

}
