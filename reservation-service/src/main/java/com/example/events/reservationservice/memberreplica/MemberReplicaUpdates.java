package com.example.events.reservationservice.memberreplica;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies member events to the replica, each exactly once (the inbox, in the same
 * transaction) and never letting an older event undo a newer one for the same member (by
 * sequence).
 */
@Component
public class MemberReplicaUpdates {

    private static final Logger log = LoggerFactory.getLogger(MemberReplicaUpdates.class);

    private final MemberReplicaRepository replicas;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    MemberReplicaUpdates(MemberReplicaRepository replicas, ApplicationEventPublisher events, Clock clock) {
        this.replicas = replicas;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Sets the member's status as of event {@code sequence}. When that makes the member
     * DELETED, everything of theirs is removed in the same transaction (see
     * {@link MemberDeleted}).
     */
    @Transactional
    public ApplyOutcome apply(UUID eventId, UUID memberId, MemberStatus status, long sequence) {
        Instant now = clock.instant();
        if (!replicas.markProcessed(eventId, now)) {
            log.debug("Event {} was applied before; ignoring the redelivery", eventId);
            return ApplyOutcome.DUPLICATE;
        }
        if (!replicas.upsertIfNewer(memberId, status, sequence, now)) {
            log.info("Event {} (sequence {}) for member {} is older than what the replica holds; nothing changes",
                    eventId, sequence, memberId);
            return ApplyOutcome.STALE;
        }
        if (status == MemberStatus.DELETED) {
            events.publishEvent(new MemberDeleted(memberId, sequence));
        }
        return ApplyOutcome.APPLIED;
    }

}
