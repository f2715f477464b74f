package com.example.events.memberservice.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.example.events.memberservice.eventlog.EventLog;
import com.example.events.memberservice.eventlog.MemberEventType;
import com.example.events.memberservice.member.MemberSnapshotSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells one subscriber again where some members stand, e.g. after it lost them: a fresh
 * {@code MemberSnapshot} of each member that exists and a fresh {@code MemberDeleted} of
 * each id without one, with new event ids and sequences above every earlier event of the
 * member, so a consumer that orders by sequence applies them over whatever it holds.
 * Queued as a replay is, behind every live event.
 */
@Component
public class TargetedReEmit {

    private final MemberSnapshotSource members;

    private final EventLog eventLog;

    TargetedReEmit(MemberSnapshotSource members, EventLog eventLog) {
        this.members = members;
        this.eventLog = eventLog;
    }

    /**
     * One transaction: the members' rows stay locked for share until their events are
     * appended, so a deletion running at the same time either committed before (the
     * member is reported deleted) or waits and gets the higher sequence.
     * @return the events appended, one per distinct id
     */
    @Transactional
    public int reEmit(Collection<UUID> memberIds, String subscriber) {
        Set<UUID> distinct = new LinkedHashSet<>(memberIds);
        List<UUID> existing = members.lockExisting(distinct);
        Set<UUID> found = new HashSet<>(existing);
        List<UUID> missing = new ArrayList<>(distinct.size() - existing.size());
        distinct.stream().filter(id -> !found.contains(id)).forEach(missing::add);
        return eventLog.appendQueued(MemberEventType.MemberSnapshot, existing, subscriber)
                + eventLog.appendQueued(MemberEventType.MemberDeleted, missing, subscriber);
    }

}
