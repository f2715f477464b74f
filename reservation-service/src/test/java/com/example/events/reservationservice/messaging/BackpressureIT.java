package com.example.events.reservationservice.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst far faster than the consumer: the queue absorbs it, and the consumer never has
 * more messages in flight than {@code max-concurrent-messages}, however long the backlog.
 */
class BackpressureIT extends IntegrationTestSupport {

    private static final int BURST = 300;

    @Autowired
    MessageListenerContainerRegistry containers;

    @Value("${spring.datasource.hikari.maximum-pool-size}")
    int poolSize;

    @Test
    void aBurstWaitsInTheQueueAndTheConsumerTakesOnlyWhatItCanHandle() {
        // the limit in force, however it was derived from the configuration
        int maxConcurrentMessages = ((AbstractMessageListenerContainer<?, ?, ?>) containers.getListenerContainers()
            .iterator()
            .next()).getContainerOptions().getMaxConcurrentMessages();
        assertThat(maxConcurrentMessages).as("connections left to the REST API").isLessThan(poolSize);
        String queueUrl = queueUrl();
        for (int batch = 0; batch < BURST / 10; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .messageBody(registered(batch * 10L + i + 1, UUID.randomUUID()))
                    .build());
            }
            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        }

        double mostInFlight = 0;
        int largestBacklog = 0;
        while (appliedReplicas() < BURST) {
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

    private long appliedReplicas() {
        return jdbc.sql("select count(*) from member_replica").query(Long.class).single();
    }

}
