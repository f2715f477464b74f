package com.example.events.memberservice.eventlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compacts the event log as a log-compacted topic is compacted: the newest event of every
 * member stays for as long as the member exists, whatever its age, so a replay from 0
 * gives a new consumer every existing member. An event superseded by a newer one of the
 * same member, and a tombstone ({@code MemberDeleted}), is dropped once older than the
 * retention: a consumer that was away for longer than that rebuilds from an empty replica
 * rather than catching up. A pending event is never dropped.
 *
 * <p>
 * Per member, not per event type; in batches, each its own transaction; instances that
 * compact at the same time skip each other's rows.
 */
@Component
class EventLogCompaction {

    private static final Logger log = LoggerFactory.getLogger(EventLogCompaction.class);

    private final EventLog eventLog;

    private final EventLogProperties.Compaction settings;

    private final Clock clock;

    EventLogCompaction(EventLog eventLog, EventLogProperties properties, Clock clock) {
        this.eventLog = eventLog;
        this.settings = properties.compaction();
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${outbox.compaction.interval}", initialDelayString = "${outbox.compaction.interval}")
    void compactOnSchedule() {
        try {
            compact();
        }
        catch (DataAccessException ex) {
            log.warn("Event log compaction failed, next try in {}: {}", settings.interval(), ex.toString());
        }
    }

    /**
     * @return the number of events dropped
     */
    int compact() {
        Duration retention = settings.retention();
        Instant cutoff = clock.instant().minus(retention);
        int dropped = 0;
        long after = 0;
        EventLog.Compacted batch;
        do {
            batch = eventLog.compact(cutoff, after, settings.batchSize());
            dropped += batch.dropped();
            after = batch.lastSequence();
        }
        while (batch.candidates() == settings.batchSize());
        if (dropped > 0) {
            log.info("Compacted the event log: dropped {} superseded events and tombstones older than {}", dropped,
                    retention);
        }
        return dropped;
    }

}
