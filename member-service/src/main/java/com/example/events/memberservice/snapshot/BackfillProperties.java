package com.example.events.memberservice.snapshot;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a backfill snapshots the members: chunk by chunk, behind live events.
 *
 * @param chunkSize members per chunk (one transaction) when the request names none
 * @param maxChunkSize the most a request may ask for: a chunk holds its members' rows
 * locked for share, and deletions of them wait, until it commits
 * @param maxPendingChunks before each chunk the backfill waits while the event log holds
 * more unpublished events than this many chunks, so the relay keeps up and live events
 * keep their latency
 * @param pause between two chunks, and between two looks at the unpublished events while
 * it waits
 * @param lease how long the instance running a backfill holds it without renewing (it
 * renews with every chunk); once it has ended, another instance takes the backfill over
 * @param pollInterval how often an instance looks for a backfill whose owner's lease has
 * ended
 */
@ConfigurationProperties("backfill")
record BackfillProperties(int chunkSize, int maxChunkSize, int maxPendingChunks, Duration pause, Duration lease,
        Duration pollInterval) {

    BackfillProperties {
        if (maxChunkSize < 1 || chunkSize < 1 || chunkSize > maxChunkSize) {
            throw new IllegalArgumentException("backfill.chunk-size must be between 1 and backfill.max-chunk-size");
        }
        if (maxPendingChunks < 1) {
            throw new IllegalArgumentException("backfill.max-pending-chunks must be positive");
        }
        if (pause.isNegative() || !lease.isPositive() || !pollInterval.isPositive()) {
            throw new IllegalArgumentException(
                    "backfill.pause must not be negative, backfill.lease and poll-interval must be positive");
        }
    }

}
