package com.example.events.memberservice.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the relay publishes the event log.
 *
 * @param enabled off only where another process publishes, or in a test that plays a
 * crash
 * @param batchSize events claimed per round; published ten per SNS PublishBatch request
 * @param maxInFlight PublishBatch requests sent at the same time
 * @param publishTimeout the longest one PublishBatch request may take, SDK retries
 * included
 * @param lease how long claimed events stay reserved for the relay that claimed them; if
 * it dies, another relay publishes them after this. Outlasts a whole round, or a slow
 * round's events go out twice.
 * @param handoffCapacity events handed over in memory at most; an event appended while
 * that many wait is left to the poll
 */
@ConfigurationProperties("outbox.relay")
record RelayProperties(boolean enabled, Duration pollInterval, int batchSize, int maxInFlight, Duration publishTimeout,
        Duration lease, Duration initialBackoff, Duration maxBackoff, int handoffCapacity) {

    RelayProperties {
        if (batchSize < 1 || maxInFlight < 1 || handoffCapacity < 0) {
            throw new IllegalArgumentException(
                    "outbox.relay.batch-size and max-in-flight must be positive, handoff-capacity not negative");
        }
        Duration longestRound = longestRound(batchSize, maxInFlight, publishTimeout);
        if (lease.compareTo(longestRound) <= 0) {
            throw new IllegalArgumentException("outbox.relay.lease (" + lease + ") must outlast the longest "
                    + "round, " + longestRound + ": publish-timeout times the waves of requests a batch needs");
        }
    }

    /** The longest a round may take: every wave of requests timing out. */
    Duration longestRound() {
        return longestRound(batchSize, maxInFlight, publishTimeout);
    }

    private static Duration longestRound(int batchSize, int maxInFlight, Duration publishTimeout) {
        return publishTimeout.multipliedBy(requestWaves(batchSize, maxInFlight));
    }

    private static int requestWaves(int batchSize, int maxInFlight) {
        int requests = (batchSize + MemberEventPublisher.MAX_BATCH_ENTRIES - 1)
                / MemberEventPublisher.MAX_BATCH_ENTRIES;
        return (requests + maxInFlight - 1) / maxInFlight;
    }
}
