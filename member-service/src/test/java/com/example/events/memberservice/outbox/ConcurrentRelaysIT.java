package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.List;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.testsupport.SubscribedQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service, two relays, one database: every event is published, and
 * only once.
 */
@IntegrationTest(properties = "outbox.relay.batch-size=5")
class ConcurrentRelaysIT extends OutboxIntegrationTestSupport {

    private static final int EVENTS = 400;

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Test
    void twoRelaysPublishEachEventExactlyOnce() {
        relay.stop();
        try (ConfigurableApplicationContext otherInstance = startAnotherInstance("--outbox.relay.batch-size=5")) {
            appendRegistrations(EVENTS);
            double publishedHereBefore = published(meters);
            relay.start();

            List<Message> received = subscription.receive(EVENTS, Duration.ofSeconds(60));
            received.addAll(subscription.drain(Duration.ofSeconds(2)));

            assertThat(eventIds(received)).as("every event arrived").hasSize(EVENTS);
            assertThat(received).as("none arrived twice").hasSize(EVENTS);

            double publishedHere = published(meters) - publishedHereBefore;
            double publishedThere = published(otherInstance.getBean(MeterRegistry.class));
            assertThat(publishedHere + publishedThere).isEqualTo(EVENTS);
            assertThat(publishedHere).as("this relay took part").isPositive();
            assertThat(publishedThere).as("the other relay took part").isPositive();
        }
        finally {
            relay.start();
        }
    }

    // summed over the event types it is tagged with
    private static double published(MeterRegistry registry) {
        return registry.find("outbox.events.published").counters().stream().mapToDouble(Counter::count).sum();
    }

}
