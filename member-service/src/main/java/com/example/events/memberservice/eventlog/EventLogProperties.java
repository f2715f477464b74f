package com.example.events.memberservice.eventlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the event log keeps itself small and how replays queue events again.
 */
@ConfigurationProperties("outbox")
record EventLogProperties(Compaction compaction, Replay replay) {

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
