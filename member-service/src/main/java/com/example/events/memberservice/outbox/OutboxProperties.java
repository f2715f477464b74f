package com.example.events.memberservice.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("outbox")
record OutboxProperties(Relay relay, Retention retention) {

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
     */
    record Relay(boolean enabled, Duration pollInterval, int batchSize, int maxInFlight, Duration publishTimeout,
            Duration lease, Duration initialBackoff, Duration maxBackoff) {

        Relay {
            if (batchSize < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("outbox.relay.batch-size and max-in-flight must be positive");
            }
            Duration longestRound = publishTimeout.multipliedBy(requestWaves(batchSize, maxInFlight));
            if (lease.compareTo(longestRound) <= 0) {
                throw new IllegalArgumentException("outbox.relay.lease (" + lease + ") must outlast the longest "
                        + "round, " + longestRound + ": publish-timeout times the waves of requests a batch needs");
            }
        }

        private static int requestWaves(int batchSize, int maxInFlight) {
            int requests = (batchSize + MemberEventPublisher.MAX_BATCH_ENTRIES - 1)
                    / MemberEventPublisher.MAX_BATCH_ENTRIES;
            return (requests + maxInFlight - 1) / maxInFlight;
        }
    }

    record Retention(Duration keepPublishedFor, String cleanupCron) {
    }
}
