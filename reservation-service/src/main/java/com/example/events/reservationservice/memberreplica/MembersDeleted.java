package com.example.events.reservationservice.memberreplica;

import java.util.Set;
import java.util.UUID;

/**
 * Published (in-process, synchronously) inside the transaction that marks these members
 * DELETED, while their replica rows are locked: listeners remove what belonged to them,
 * and their work commits or rolls back with it.
 */
public record MembersDeleted(Set<UUID> memberIds) {
}
