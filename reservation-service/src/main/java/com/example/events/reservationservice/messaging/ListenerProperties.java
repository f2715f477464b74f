package com.example.events.reservationservice.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the queue's listener consumes. It works on as many receives (of up to ten messages
 * each) at once as its database pool has connections ({@code database.pool-size} minus
 * {@code database.api-connections}): every receive in flight holds one for its
 * transaction.
 *
 * @param pollTimeout how long one receive waits for messages (SQS long polling) before it
 * returns empty
 * @param maxDelayBetweenPolls how long the next receive waits for ten free slots before
 * it asks for only as many messages as there are free slots
 * @param acknowledgementInterval how long messages whose transactions committed wait to
 * be deleted from the queue when fewer than ten are waiting (ten are deleted at once);
 * keep it far below the visibility timeout, else a committed message comes back before
 * its delete
 */
@Validated
@ConfigurationProperties("messaging.listener")
record ListenerProperties(@NotNull Duration pollTimeout, @NotNull Duration maxDelayBetweenPolls,
        @NotNull Duration acknowledgementInterval) {

    /** The most SQS hands out in one receive (and deletes in one batch). */
    static final int MAX_MESSAGES_PER_RECEIVE = 10;

}
