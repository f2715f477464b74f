package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.events.memberservice.Database;
import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberServiceApplication;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.SubscribedQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service, two relays, one database: every event is published, and
 * only once.
 */
@IntegrationTest(properties = "outbox.relay.batch-size=5")
class ConcurrentRelaysIT {

    private static final int EVENTS = 400;

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    EventLog eventLog;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MeterRegistry meters;

    @Test
    void twoRelaysPublishEachEventExactlyOnce() {
        new Database(jdbc).clear();
        subscription.drain(Duration.ofMillis(300));
        relay.stop();
        try (ConfigurableApplicationContext otherInstance = startAnotherInstance()) {
            transaction.executeWithoutResult(status -> {
                for (int i = 0; i < EVENTS; i++) {
                    eventLog.append(MemberEventType.MemberRegistered, UUID.randomUUID());
                }
            });
            double publishedHereBefore = published(meters);
            relay.start();

            List<Message> received = subscription.receive(EVENTS, Duration.ofSeconds(60));
            received.addAll(subscription.drain(Duration.ofSeconds(2)));

            Set<String> eventIds = new HashSet<>();
            received.forEach(message -> eventIds.add(json.readTree(message.body()).get("eventId").asString()));
            assertThat(eventIds).as("every event arrived").hasSize(EVENTS);
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

    private static ConfigurableApplicationContext startAnotherInstance() {
        return new SpringApplicationBuilder(MemberServiceApplication.class).profiles("test")
            .run(TestInfrastructure.applicationArguments("member", "--server.port=0", "--outbox.relay.batch-size=5"));
    }

}
