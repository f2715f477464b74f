package com.example.events.memberservice.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("outbox")
record OutboxProperties(Relay relay, Retention retention) {

    /**
     * @param enabled off only where another process publishes, or in a test that plays a crash
     * @param batchSize events claimed (and locked) per transaction
     */
    record Relay(boolean enabled, Duration pollInterval, int batchSize, Duration initialBackoff,
            Duration maxBackoff) {
    }

    record Retention(Duration keepPublishedFor, String cleanupCron) {
    }
}
