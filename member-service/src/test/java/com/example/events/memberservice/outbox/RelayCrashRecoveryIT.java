package com.example.events.memberservice.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.example.events.testsupport.SubscribedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service dies after its commit and before the publish: the event is in the database,
 * nowhere else. The relay of the instance that wrote it is stopped, as a crash would stop
 * it; a new instance publishes it. Or a relay dies between claiming events and publishing
 * them: they go out once its lease has run out.
 */
class RelayCrashRecoveryIT extends OutboxIntegrationTestSupport {

    @RegisterExtension
    static final SubscribedQueue subscription = SubscribedQueue.to("member-events");

    @Autowired
    PendingEvents pending;

    @Test
    void anEventCommittedButNeverPublishedIsPublishedAfterRestart() {
        relay.stop();
        try {
            UUID memberId = register("Crash Test", "crash@example.com");

            assertThat(subscription.drain(Duration.ofSeconds(1))).as("the crashed instance published nothing")
                .isEmpty();
            assertThat(database.pendingEvents()).isEqualTo(1);

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
            UUID memberId = register("Claimed", "claimed@example.com");
            // a relay claims the event and dies before publishing it
            assertThat(pending.claim(10, Duration.ofSeconds(4)).events()).hasSize(1);
            relay.start();

            assertThat(subscription.drain(Duration.ofSeconds(1))).as("nobody publishes it while the lease lasts")
                .isEmpty();
            List<Message> delivered = subscription.receive(1, Duration.ofSeconds(20));
            assertThat(delivered).hasSize(1);
            assertThat(json.readTree(delivered.getFirst().body()).get("memberId").asString())
                .isEqualTo(memberId.toString());
            awaitNothingPending();
            assertThat(subscription.drain(Duration.ofSeconds(1))).as("once").isEmpty();
        }
        finally {
            relay.start();
        }
    }

}
