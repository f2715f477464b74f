package com.example.events.memberservice.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.OutboxIntegrationTestSupport;
import com.example.events.testsupport.SubscribedQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service, two relays, one database: every event is published, and
 * only once; each instance publishes what it appended itself straight from its commit,
 * and no poll of the other takes it.
 */
@IntegrationTest(properties = "outbox.relay.batch-size=5")
class ConcurrentRelaysIT extends OutboxIntegrationTestSupport {

    private static final int EVENTS = 400;

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    static ConfigurableApplicationContext otherInstance;

    @BeforeAll
    static void startTheOtherInstance() {
        otherInstance = startAnotherInstance("--outbox.relay.batch-size=5");
    }

    @AfterAll
    static void stopTheOtherInstance() {
        otherInstance.close();
    }

    @Test
    void twoRelaysPollingOneBacklogPublishEachEventExactlyOnce() {
        relay.stop();
        double publishedHereBefore = published(meters);
        double publishedThereBefore = published(otherInstance.getBean(MeterRegistry.class));
        try {
            // appended with this relay stopped: nothing is reserved, both relays claim
            appendRegistrations(EVENTS);
            relay.start();

            List<Message> received = subscription.receive(EVENTS, Duration.ofSeconds(60));
            received.addAll(subscription.drain(Duration.ofSeconds(2)));

            assertThat(eventIds(received)).as("every event arrived").hasSize(EVENTS);
            assertThat(received).as("none arrived twice").hasSize(EVENTS);

            double publishedHere = published(meters) - publishedHereBefore;
            double publishedThere = published(otherInstance.getBean(MeterRegistry.class)) - publishedThereBefore;
            assertThat(publishedHere + publishedThere).isEqualTo(EVENTS);
            assertThat(publishedHere).as("this relay took part").isPositive();
            assertThat(publishedThere).as("the other relay took part").isPositive();
        }
        finally {
            relay.start();
        }
    }

    @Test
    void eachInstancePublishesTheEventsItsRequestsAppendedAndOnlyThose() throws Exception {
        int perInstance = 100;
        MemberApi otherApi = new MemberApi(((WebServerApplicationContext) otherInstance).getWebServer().getPort());
        double publishedHereBefore = published(meters);
        double publishedThereBefore = published(otherInstance.getBean(MeterRegistry.class));

        List<Callable<Integer>> registrations = IntStream.range(0, 2 * perInstance)
            .<Callable<Integer>>mapToObj(
                    i -> () -> (i % 2 == 0 ? api : otherApi).register("Both " + i, "both-" + i + "@example.com")
                        .getStatusCode()
                        .value())
            .toList();
        try (var clients = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : clients.invokeAll(registrations)) {
                assertThat(status.get()).isEqualTo(201);
            }
        }

        List<Message> received = subscription.receive(2 * perInstance, Duration.ofSeconds(60));
        received.addAll(subscription.drain(Duration.ofSeconds(2)));
        assertThat(eventIds(received)).as("every event arrived").hasSize(2 * perInstance);
        assertThat(received).as("none arrived twice").hasSize(2 * perInstance);
        assertThat(published(meters) - publishedHereBefore).as("this instance's own").isEqualTo(perInstance);
        assertThat(published(otherInstance.getBean(MeterRegistry.class)) - publishedThereBefore)
            .as("the other instance's own")
            .isEqualTo(perInstance);
    }

    // summed over the event types it is tagged with
    private static double published(MeterRegistry registry) {
        return registry.find("outbox.events.published").counters().stream().mapToDouble(Counter::count).sum();
    }

}
