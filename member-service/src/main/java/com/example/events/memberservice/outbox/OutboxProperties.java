package com.example.events.memberservice.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("outbox")
record OutboxProperties(Relay relay, Compaction compaction, Replay replay) {

    /**
     * @param enabled off only where another process publishes, or in a test that plays a
     * crash
     * @param batchSize events claimed per round; published ten per SNS PublishBatch
     * request
     * @param maxInFlight PublishBatch requests sent at the same time
     * @param publishTimeout the longest one PublishBatch request may take, SDK retries
     * included
     * @param lease how long claimed events stay reserved for the relay that claimed them;
     * if it dies, another relay publishes them after this. Outlasts a whole round, or a
     * slow round's events go out twice.
     * @param handoffCapacity events handed over in memory at most; an event appended
     * while that many wait is left to the poll
     */
    record Relay(boolean enabled, Duration pollInterval, int batchSize, int maxInFlight, Duration publishTimeout,
            Duration lease, Duration initialBackoff, Duration maxBackoff, int handoffCapacity) {

        Relay {
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

    /**
     * @param retention how old a superseded event or a tombstone must be before it is
     * dropped; the newest event of a member that exists is kept whatever its age
     * @param interval the pause between two compactions
     * @param batchSize events dropped per transaction
     */
    record Compaction(Duration retention, Duration interval, int batchSize) {

        Compaction {
            if (batchSize < 1) {
                throw new IllegalArgumentException("outbox.compaction.batch-size must be positive");
            }
        }
    }

    /**
     * @param batchSize events queued again per transaction
     */
    record Replay(int batchSize) {

        Replay {
            if (batchSize < 1) {
                throw new IllegalArgumentException("outbox.replay.batch-size must be positive");
            }
        }
    }
}
