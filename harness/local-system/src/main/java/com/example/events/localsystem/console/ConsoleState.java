package com.example.events.localsystem.console;

import java.util.List;

/**
 * Everything the page shows, as one JSON document the sampler renews every second. A null
 * number is one the console could not read just now (the page shows a dash).
 */
record ConsoleState(long at, Service memberService, Service reservationService, Outbox outbox, Long membersStored,
        Topic topic, Queue queue, Queue deadLetters, List<DeadLetter> deadLetterMessages, Consumer consumer,
        Events events, List<Member> members, Backfill backfill, Reconcile reconcile, List<PartView> parts,
        List<ActivityLog.Entry> activity, List<Point> history) {

    /**
     * @param process {@code running}, {@code stopped}, or what the console is doing to it
     * @param live the liveness group's status, or {@code no answer}
     * @param ready the readiness group's status, or {@code no answer}
     * @param health {@code UP} when live and ready, {@code NOT READY} when only live,
     * else {@code DOWN}
     */
    record Service(String name, String url, String process, String live, String ready, String health,
            boolean brokerCut) {
    }

    record Outbox(Long pending, Long published, Long lastSequence, Long oldestPendingAgeSeconds, String problem) {
    }

    record Topic(String name, Double publishedPerSecond, Long publishFailures) {
    }

    /**
     * @param total visible and in flight: for the dead-letter queue, which only an
     * operator's look or a redrive receives from, the number of dead letters
     */
    record Queue(String name, Long visible, Long inFlight, Long total, String problem) {
    }

    record DeadLetter(String messageId, String body, int receiveCount) {
    }

    /**
     * @param p50Ms the propagation's median over the last minute, from the
     * reservation-service's histogram
     */
    record Consumer(Double appliedPerSecond, Long applied, Long rejected, Double p50Ms, Double p99Ms) {
    }

    /**
     * @param problem why the list is empty when it cannot be read, or null
     */
    record Events(String problem, List<Event> items) {
    }

    /**
     * @param where {@code pending}, {@code published}, {@code applied} or
     * {@code dead-lettered}
     */
    record Event(long sequence, String eventId, String eventType, String memberId, String occurredAt, String traceId,
            String where) {
    }

    /**
     * @param memberService {@code stored}, {@code deleted} or {@code no answer}
     * @param replica the replica's status, {@code none} before the reservation-service
     * learned of the member, {@code no answer} when it does not answer
     */
    record Member(String id, String name, String memberService, String replica, Long lastSequence, Long reservations) {
    }

    /**
     * member-service's backfill as {@code GET /admin/events/backfill} says it.
     *
     * @param state {@code IDLE}, {@code RUNNING}, {@code DONE} or {@code FAILED}; null
     * with a problem
     * @param members how many members member-service stores, when the console knows
     * @param percent the scanned share of those members, null when it cannot be known
     * @param progress the same in words: "40 of 120 members scanned (33 %)", or the
     * counts alone
     * @param problem why there is no state: member-service does not answer, or has no
     * backfill
     */
    record Backfill(String state, Long scanned, Long emitted, Long members, Integer percent, String progress,
            String startedAt, String finishedAt, String problem) {
    }

    /**
     * {@code ops/reconcile}, as the console runs it.
     *
     * @param running what runs now, or null
     * @param last the last run that ended, or null before the first
     * @param repairOffered whether the last run left drift that a repair could mend
     */
    record Reconcile(String running, ReconcileRun last, boolean repairOffered) {
    }

    /**
     * One run of {@code ops/reconcile}: its last output line's numbers, null where it
     * printed none.
     *
     * @param exitCode null when the console stopped it
     * @param outcome what the exit code means: "no drift left", "drift left", "could not
     * compare"
     * @param problem why there are no numbers: a timeout, no JSON line, what it said last
     */
    record ReconcileRun(boolean repair, long at, Integer exitCode, String outcome, Long members, Long replicaActive,
            Long missing, Long extra, Long repaired, String problem) {
    }

    /**
     * @param running whether its process runs, or for a database or the broker whether
     * its port answers
     * @param cut whether the console cut a network path to it (a service's to the broker,
     * a service's to its database)
     */
    record PartView(String name, String box, boolean running, String busy, boolean cut, List<HandleView> handles) {
    }

    /**
     * @param doing what it does, for the button's tooltip
     */
    record HandleView(String name, String label, String doing) {
    }

    /** One second of the charts. */
    record Point(long at, Long queueVisible, Long queueInFlight, Long deadLetters, Long outboxPending, Double p50Ms,
            Double p99Ms) {
    }

}
