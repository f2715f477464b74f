package com.example.events.reservationservice.messaging;

import com.example.events.reservationservice.AnotherInstance;
import com.example.events.reservationservice.IntegrationTestSupport;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deletes from the queue are batched, yet an instance stopped in the middle of a backlog
 * has deleted every message it applied before it stopped: none of them comes back as a
 * redelivery.
 */
class GracefulShutdownIT extends IntegrationTestSupport {

    private static final int EVENTS = 300;

    @Autowired
    MessageListenerContainerRegistry containers;

    @Test
    void anInstanceStoppedUnderLoadHasDeletedEveryMessageItApplied() {
        String queueUrl = queueUrl();
        // only the instance that is going to stop consumes
        MessageListenerContainer<?> here = containers.getListenerContainers().iterator().next();
        here.stop();
        try {
            try (ConfigurableApplicationContext stopping = AnotherInstance.start()) {
                sendRegistrationsToQueue(EVENTS);
                eventually().untilAsserted(() -> assertThat(replicaCount()).isGreaterThanOrEqualTo(30));

                stopping.close();
            }

            long applied = replicaCount();
            // counts the in-flight messages too: an applied one left undeleted would
            // still be there
            assertThat(messagesIn(queueUrl)).as("messages left after %d of %d were applied", applied, EVENTS)
                .isEqualTo(EVENTS - applied);
        }
        finally {
            here.start();
        }
        // the rest is applied here, so that nothing arrives during the next test
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl)).isZero());
        assertThat(replicaCount()).isEqualTo(EVENTS);
    }

}
