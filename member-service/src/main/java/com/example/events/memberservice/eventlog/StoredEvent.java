package com.example.events.memberservice.eventlog;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the event log, as a relay holds it: claimed by the relay, or reserved for it
 * when it was appended.
 *
 * @param eventType as stored: a type this version does not know (written by a newer one)
 * is published all the same
 * @param replayFor the one subscriber a replay addresses, or null for every subscriber
 * @param pendingSince when it became due for publishing: stored, or queued again by a
 * replay
 * @param claimedUntil the end of the relay's lease, which also tells this claim from a
 * later one: a relay marks or releases only rows still under its own lease
 */
public record StoredEvent(long sequence, UUID eventId, String eventType, int schemaVersion, UUID memberId,
        Instant occurredAt, String traceparent, String replayFor, Instant pendingSince, Instant claimedUntil) {

    public MemberEvent toMessage() {
        return new MemberEvent(eventId, eventType, schemaVersion, sequence, occurredAt, memberId);
    }
}
