package com.example.events.reservationservice.memberreplica;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the inbox from growing forever: event ids older than
 * {@code reservation.inbox.retention} are deleted, a batch at a time, each batch its own
 * short transaction, so the consumer's inserts never wait long for it. Every instance
 * prunes; they skip the rows another one is deleting.
 */
@Component
class InboxPruning {

    private static final Logger log = LoggerFactory.getLogger(InboxPruning.class);
    static final int BATCH_SIZE = 1000;

    private final MemberReplicaRepository replicas;

    private final InboxProperties properties;

    private final Clock clock;

    InboxPruning(MemberReplicaRepository replicas, InboxProperties properties, Clock clock) {
        this.replicas = replicas;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A database that is away now is no fault of the pruning: the next scheduled run
     * prunes what this one could not.
     */
    @Scheduled(initialDelayString = "${reservation.inbox.prune-initial-delay}",
            fixedDelayString = "${reservation.inbox.prune-interval}")
    void pruneOnSchedule() {
        try {
            prune();
        }
        catch (DataAccessException ex) {
            log.warn("Pruning the inbox failed; the next scheduled run tries again: {}", ex.toString());
        }
    }

    /**
     * @return how many event ids were deleted
     */
    int prune() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int total = 0;
        int deleted;
        do {
            deleted = replicas.deleteProcessedBefore(cutoff, BATCH_SIZE);
            total += deleted;
        }
        while (deleted == BATCH_SIZE);
        if (total > 0) {
            log.info("Pruned {} event id(s) processed before {} from the inbox", total, cutoff);
        }
        return total;
    }

}
