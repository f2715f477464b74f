package com.example.events.memberservice.eventlog;

import java.util.Arrays;

/**
 * The events this service publishes; the names are the contract's {@code eventType}
 * values.
 *
 * <p>
 * Compaction keeps the newest event of every member, so each type's event must tell a
 * consumer the member's state on its own; a type that ends the member is its tombstone,
 * dropped after the retention like a superseded event.
 */
public enum MemberEventType {

    MemberRegistered(false), MemberDeleted(true);

    private final boolean endsMember;

    MemberEventType(boolean endsMember) {
        this.endsMember = endsMember;
    }

    /** The names of the types that end a member: the event log's tombstones. */
    static String[] tombstones() {
        return Arrays.stream(values()).filter(type -> type.endsMember).map(Enum::name).toArray(String[]::new);
    }

}
