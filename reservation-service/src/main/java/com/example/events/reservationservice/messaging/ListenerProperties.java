package com.example.events.reservationservice.messaging;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the queue's listener consumes.
 *
 * @param apiConnections connections of the database pool the listener leaves to the REST
 * API: every message in flight holds one connection for its transaction, so the listener
 * takes at most the pool size minus these
 * @param pollTimeout how long one receive waits for messages (SQS long polling) before it
 * returns empty
 * @param maxDelayBetweenPolls how long the next receive waits for a full batch of free
 * slots before it asks for only as many messages as there are free slots
 * @param acknowledgementInterval how long messages whose transactions committed wait to
 * be deleted from the queue when fewer than ten are waiting (ten are deleted at once);
 * keep it far below the visibility timeout, else a committed message comes back before
 * its delete
 */
@Validated
@ConfigurationProperties("messaging.listener")
record ListenerProperties(@Min(0) int apiConnections, @NotNull Duration pollTimeout,
        @NotNull Duration maxDelayBetweenPolls, @NotNull Duration acknowledgementInterval) {

    /** The most SQS hands out in one receive (and deletes in one batch). */
    static final int MAX_MESSAGES_PER_RECEIVE = 10;

    /**
     * @throws IllegalStateException when the pool leaves the listener no connection at
     * all
     */
    int maxConcurrentMessages(int poolSize) {
        int concurrency = poolSize - apiConnections;
        if (concurrency < 1) {
            throw new IllegalStateException("A database pool of " + poolSize + " connections, " + apiConnections
                    + " of them kept for the REST API, leaves none for the member events listener: raise "
                    + "DB_POOL_SIZE or lower DB_API_CONNECTIONS");
        }
        return concurrency;
    }

    int maxMessagesPerPoll(int poolSize) {
        return Math.min(maxConcurrentMessages(poolSize), MAX_MESSAGES_PER_RECEIVE);
    }
}
