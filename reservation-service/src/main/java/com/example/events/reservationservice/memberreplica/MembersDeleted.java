package com.example.events.reservationservice.memberreplica;

import java.util.Map;
import java.util.UUID;

/**
 * Published (in-process, synchronously) inside the transaction that marks these members
 * DELETED, while their replica rows are locked: listeners remove what belonged to them,
 * and their work commits or rolls back with it.
 *
 * @param sequences each member's deletion event's sequence
 */
public record MembersDeleted(Map<UUID, Long> sequences) {

    public MembersDeleted {
        sequences = Map.copyOf(sequences);
    }

}
