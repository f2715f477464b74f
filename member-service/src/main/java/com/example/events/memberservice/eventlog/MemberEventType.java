package com.example.events.memberservice.eventlog;

import java.util.Arrays;

/**
 * The events this service publishes; the names are the contract's {@code eventType}
 * values. A {@code MemberSnapshot} is a member as it is, emitted by a backfill or a
 * targeted re-emit rather than by a change: a consumer applies it as a registration, but
 * it is no new member.
 *
 * <p>
 * Compaction keeps the newest event of every member, so each type's event must tell a
 * consumer the member's state on its own; a type that ends the member is its tombstone,
 * dropped after the retention like a superseded event.
 */
public enum MemberEventType {

    MemberRegistered(false), MemberDeleted(true), MemberSnapshot(false);

    private final boolean endsMember;

    MemberEventType(boolean endsMember) {
        this.endsMember = endsMember;
    }

    /** The names of the types that end a member: the event log's tombstones. */
    static String[] tombstones() {
        return Arrays.stream(values()).filter(type -> type.endsMember).map(Enum::name).toArray(String[]::new);
    }

}
