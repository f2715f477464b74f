package com.example.events.reservationservice.memberreplica;

import java.util.UUID;

/**
 * Published (in-process, synchronously) inside the transaction that marks a member
 * DELETED, while that replica row is locked: listeners remove what belonged to the
 * member, and their work commits or rolls back with it.
 */
public record MemberDeleted(UUID memberId, long sequence) {
}
