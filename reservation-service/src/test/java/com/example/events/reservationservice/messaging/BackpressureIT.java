package com.example.events.reservationservice.messaging;

import com.example.events.reservationservice.IntegrationTestSupport;
import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst far faster than the consumer: the queue absorbs it, and the consumer never has
 * more messages in flight than {@code max-concurrent-messages}, however long the backlog.
 */
class BackpressureIT extends IntegrationTestSupport {

    private static final int BURST = 300;

    @Autowired
    MessageListenerContainerRegistry containers;

    @Value("${database.pool-size}")
    int poolSize;

    @Test
    void aBurstWaitsInTheQueueAndTheConsumerTakesOnlyWhatItCanHandle() {
        // the limit in force, however it was derived from the configuration
        int maxConcurrentMessages = ((AbstractMessageListenerContainer<?, ?, ?>) containers.getListenerContainers()
            .iterator()
            .next()).getContainerOptions().getMaxConcurrentMessages();
        assertThat(maxConcurrentMessages).as("connections left to the REST API").isLessThan(poolSize);
        String queueUrl = queueUrl();
        sendRegistrationsToQueue(BURST);

        double mostInFlight = 0;
        int largestBacklog = 0;
        while (replicaCount() < BURST) {
            largestBacklog = Math.max(largestBacklog, waitingIn(queueUrl));
            mostInFlight = Math.max(mostInFlight, meters.get("member.events.in.flight").gauge().value());
            assertThat(mostInFlight).as("messages being handled at once").isLessThanOrEqualTo(maxConcurrentMessages);
        }

        assertThat(largestBacklog).as("the queue held the burst the consumer had not taken yet")
            .isGreaterThan(BURST / 2);
        assertThat(mostInFlight).as("the consumer does handle several at a time").isGreaterThanOrEqualTo(2);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl)).isZero());
    }

    private int waitingIn(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(
                request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

}
