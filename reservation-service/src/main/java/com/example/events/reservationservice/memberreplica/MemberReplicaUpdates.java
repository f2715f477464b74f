package com.example.events.reservationservice.memberreplica;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies member events to the replica, each exactly once (the inbox, in the same
 * transaction) and never letting an older event undo a newer one for the same member (by
 * sequence). Several events are applied in one transaction with one statement per table,
 * so a batch costs hardly more than one event.
 */
@Component
public class MemberReplicaUpdates {

    private final MemberReplicaRepository replicas;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    MemberReplicaUpdates(MemberReplicaRepository replicas, ApplicationEventPublisher events, Clock clock) {
        this.replicas = replicas;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Sets each member's status as of its newest event among {@code changes}, where that
     * is newer than what the replica holds. Members that become DELETED lose everything
     * of theirs in the same transaction (see {@link MembersDeleted}). Events of one
     * member are applied as if the newest had arrived first: the older ones are
     * {@link ApplyOutcome#STALE}.
     * @return what each change did, in the order given
     */
    @Transactional
    public List<ApplyOutcome> apply(List<MemberChange> changes) {
        Instant now = clock.instant();
        Map<UUID, MemberChange> byEventId = new LinkedHashMap<>();
        changes.forEach(change -> byEventId.putIfAbsent(change.eventId(), change));
        Set<UUID> recorded = replicas.markProcessed(byEventId.values(), now);

        Map<UUID, MemberChange> newestByMember = new HashMap<>();
        for (MemberChange change : byEventId.values()) {
            if (recorded.contains(change.eventId())) {
                newestByMember.merge(change.memberId(), change,
                        (one, other) -> one.sequence() >= other.sequence() ? one : other);
            }
        }
        List<MemberChange> newest = new ArrayList<>(newestByMember.values());
        // one order for every transaction, so that two of them never wait for each
        // other's rows
        newest.sort(Comparator.comparing(MemberChange::memberId));
        Set<UUID> changedMembers = replicas.upsertIfNewer(newest, now);

        Map<UUID, Long> deleted = new HashMap<>();
        Map<UUID, Map<String, String>> deletedLogContexts = new HashMap<>();
        List<ApplyOutcome> outcomes = new ArrayList<>(changes.size());
        Set<UUID> seen = new HashSet<>();
        for (MemberChange change : changes) {
            ApplyOutcome outcome;
            if (!seen.add(change.eventId()) || !recorded.contains(change.eventId())) {
                outcome = ApplyOutcome.DUPLICATE;
            }
            else if (newestByMember.get(change.memberId()) == change && changedMembers.contains(change.memberId())) {
                outcome = ApplyOutcome.APPLIED;
                if (change.status() == MemberStatus.DELETED) {
                    deleted.put(change.memberId(), change.sequence());
                    deletedLogContexts.put(change.memberId(), change.logContext());
                }
            }
            else {
                outcome = ApplyOutcome.STALE;
            }
            outcomes.add(outcome);
        }
        if (!deleted.isEmpty()) {
            events.publishEvent(new MembersDeleted(deleted, deletedLogContexts));
        }
        return outcomes;
    }

}
