package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.events.memberservice.Database;
import com.example.events.memberservice.IntegrationTest;
import com.example.events.memberservice.MemberApi;
import com.example.events.memberservice.MemberServiceApplication;
import com.example.events.testsupport.TestInfrastructure;
import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service dies after its commit and before the publish: the event is in the database,
 * nowhere else. The relay of the instance that wrote it is stopped, as a crash would stop
 * it; a new instance publishes it. Or a relay dies between claiming events and publishing
 * them: they go out once its lease has run out.
 */
@IntegrationTest
class RelayCrashRecoveryIT {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    OutboxRelay relay;

    @Autowired
    PendingEvents pending;

    @BeforeEach
    void setUp() {
        new Database(jdbc).clear();
        subscription.drain(Duration.ofMillis(300));
    }

    @Test
    void anEventCommittedButNeverPublishedIsPublishedAfterRestart() {
        relay.stop();
        try {
            var response = new MemberApi(port).register("Crash Test", "crash@example.com");
            assertThat(response.getStatusCode().value()).isEqualTo(201);
            UUID memberId = UUID.fromString(response.getBody().get("id").asString());

            assertThat(subscription.drain(Duration.ofSeconds(1))).as("the crashed instance published nothing")
                .isEmpty();
            assertThat(new Database(jdbc).pendingEvents()).isEqualTo(1);

            try (ConfigurableApplicationContext restarted = startAnotherInstance()) {
                List<Message> delivered = subscription.receive(1, Duration.ofSeconds(20));
                assertThat(delivered).hasSize(1);
                var event = json.readTree(delivered.getFirst().body());
                assertThat(event.get("eventType").asString()).isEqualTo("MemberRegistered");
                assertThat(event.get("memberId").asString()).isEqualTo(memberId.toString());
                assertThat(restarted.isActive()).isTrue();
            }
        }
        finally {
            relay.start();
        }
    }

    @Test
    void eventsClaimedByARelayThatDiedArePublishedWhenItsLeaseRunsOut() {
        relay.stop();
        try {
            var response = new MemberApi(port).register("Claimed", "claimed@example.com");
            assertThat(response.getStatusCode().value()).isEqualTo(201);
            // a relay claims the event and dies before publishing it
            assertThat(pending.claim(10, Duration.ofSeconds(4)).events()).hasSize(1);
            relay.start();

            assertThat(subscription.drain(Duration.ofSeconds(1))).as("nobody publishes it while the lease lasts")
                .isEmpty();
            List<Message> delivered = subscription.receive(1, Duration.ofSeconds(20));
            assertThat(delivered).hasSize(1);
            assertThat(json.readTree(delivered.getFirst().body()).get("memberId").asString())
                .isEqualTo(response.getBody().get("id").asString());
            await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(new Database(jdbc).pendingEvents()).isZero());
            assertThat(subscription.drain(Duration.ofSeconds(1))).as("once").isEmpty();
        }
        finally {
            relay.start();
        }
    }

    private static ConfigurableApplicationContext startAnotherInstance() {
        return new SpringApplicationBuilder(MemberServiceApplication.class).profiles("test")
            .run(TestInfrastructure.applicationArguments("member", "--server.port=0"));
    }

}
