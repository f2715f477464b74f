package com.example.events.reservationservice.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.events.reservationservice.IntegrationTestSupport;
import com.example.events.testsupport.Postgres;
import com.example.events.testsupport.TestInfrastructure;
import io.awspring.cloud.sqs.listener.AbstractMessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog: the queue holds it, and the consumer never has more messages in flight than
 * one receive per connection of its pool, however long the backlog. Receives do not wait
 * for each other: one whose transaction waits holds up only its own messages.
 */
class BackpressureIT extends IntegrationTestSupport {

    private static final int BURST = 300;

    @Autowired
    MessageListenerContainerRegistry containers;

    @Value("${database.pool-size}")
    int poolSize;

    @Value("${database.api-connections}")
    int apiConnections;

    @Test
    void aBacklogWaitsInTheQueueAndTheConsumerTakesOnlyWhatItCanHandle() {
        MessageListenerContainer<?> container = containers.getContainerById(MemberEventListener.ID);
        // the limit in force, however it was derived from the configuration
        int maxConcurrentMessages = ((AbstractMessageListenerContainer<?, ?, ?>) container).getContainerOptions()
            .getMaxConcurrentMessages();
        assertThat(maxConcurrentMessages).as("a receive of ten for each connection left to the listener")
            .isEqualTo((poolSize - apiConnections) * ListenerProperties.MAX_MESSAGES_PER_RECEIVE);
        String queueUrl = queueUrl();
        // the consumer takes a burst as fast as one client sends it: stopped, it leaves a
        // backlog of the whole burst
        container.stop();
        try {
            sendRegistrationsToQueue(BURST);
            assertThat(waitingIn(queueUrl)).as("the queue holds the burst").isEqualTo(BURST);
        }
        finally {
            container.start();
        }

        double mostInFlight = 0;
        while (replicaCount() < BURST) {
            mostInFlight = Math.max(mostInFlight, meters.get("member.events.in.flight").gauge().value());
            assertThat(mostInFlight).as("messages being handled at once").isLessThanOrEqualTo(maxConcurrentMessages);
        }

        assertThat(mostInFlight).as("the consumer does handle several at a time").isGreaterThanOrEqualTo(2);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl)).isZero());
    }

    @Test
    void aReceiveWhoseTransactionWaitsHoldsUpNoReceiveAfterIt() throws SQLException {
        UUID contended = registerMember(1);
        Postgres postgres = TestInfrastructure.postgres();
        try (Connection direct = DriverManager.getConnection(postgres.jdbcUrl("reservation"), postgres.username(),
                postgres.password())) {
            direct.setAutoCommit(false);
            try (PreparedStatement lock = direct
                .prepareStatement("select member_id from member_replica where member_id = ? for update")) {
                lock.setObject(1, contended);
                lock.executeQuery().close();
            }
            // a whole receive's worth, all waiting for the lock the test holds
            List<SendMessageBatchRequestEntry> waiting = new ArrayList<>();
            for (int i = 0; i < ListenerProperties.MAX_MESSAGES_PER_RECEIVE; i++) {
                waiting.add(SendMessageBatchRequestEntry.builder()
                    .id("m" + i)
                    .messageBody(registered(10 + i, contended))
                    .build());
            }
            sqs.sendMessageBatch(request -> request.queueUrl(queueUrl()).entries(waiting));
            eventually().untilAsserted(() -> assertThat(meters.get("member.events.in.flight").gauge().value())
                .isEqualTo(ListenerProperties.MAX_MESSAGES_PER_RECEIVE));

            // each applied (registerMember waits for it) while those ten still wait
            for (int i = 0; i < 5; i++) {
                registerMember(2);
            }
            awaitReplica(contended, "ACTIVE", 1);
            direct.rollback();
        }
        awaitReplica(contended, "ACTIVE", 10 + ListenerProperties.MAX_MESSAGES_PER_RECEIVE - 1);
        eventually().untilAsserted(() -> assertThat(messagesIn(queueUrl())).isZero());
    }

    private int waitingIn(String queueUrl) {
        return Integer.parseInt(sqs.getQueueAttributes(
                request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

}
