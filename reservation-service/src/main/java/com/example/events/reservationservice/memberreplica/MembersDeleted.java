package com.example.events.reservationservice.memberreplica;

import java.util.Map;
import java.util.UUID;

import org.slf4j.MDC;

/**
 * Published (in-process, synchronously) inside the transaction that marks these members
 * DELETED, while their replica rows are locked: listeners remove what belonged to them,
 * and their work commits or rolls back with it.
 *
 * @param sequences each member's deletion event's sequence
 * @param logContexts each member's deletion event's log context
 * ({@link MemberChange#logContext()})
 */
public record MembersDeleted(Map<UUID, Long> sequences, Map<UUID, Map<String, String>> logContexts) {

    public MembersDeleted {
        sequences = Map.copyOf(sequences);
        logContexts = Map.copyOf(logContexts);
    }

    /**
     * Runs {@code work} in the log context of the event that deleted {@code member}, so
     * that its lines carry that event's trace, not the one of the transaction.
     */
    public void inLogContextOf(UUID member, Runnable work) {
        Map<String, String> context = logContexts.getOrDefault(member, Map.of());
        Map<String, String> outer = MDC.getCopyOfContextMap();
        context.forEach(MDC::put);
        try {
            work.run();
        }
        finally {
            if (outer == null) {
                MDC.clear();
            }
            else {
                MDC.setContextMap(outer);
            }
        }
    }

}
