package com.example.events.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one run measured.
 *
 * @param loadAtStart the machine's 1-minute load average when the run began
 * @param stamps the stamps both databases provide; every stage that needs another is not
 * measured
 * @param missingStamps each missing stamp with the column or setting that would provide
 * it
 * @param headline the stage quoted as propagation (commit to commit, or its nearest upper
 * bound)
 * @param phases open-loop deletions at a rate, each measured per stage
 * @param fullCollections full GCs over the whole run, by service and cause
 */
record Results(Instant date, String machine, String loadAtStart, Set<Stamps.Stamp> stamps,
        Map<Stamps.Stamp, String> missingStamps, Stamps.Stage headline, List<Phase> phases, Replay replay,
        Backfill backfill, Ceiling ceiling, Baselines baselines, List<Synchronous> synchronous, Latency brokerFloor,
        Map<String, Long> peakRssBytes, Map<String, Integer> fullCollections, boolean pausesLogged) {

    /** Which broker path, and whether a replay ran meanwhile. */
    enum Kind {

        DIRECT, PROXIED, WITHOUT_REPLAY, DURING_REPLAY, DURING_BACKFILL

    }

    /**
     * Deletions offered open-loop at one rate. The latencies cover the deletions that
     * were done; {@code undone} counts the others.
     *
     * @param outliers the deletions above the headline's p99, slowest first, each with
     * the JVM pauses within its span
     * @param pauses the services' stop-the-world pauses during the phase
     */
    record Phase(String name, Kind kind, int offeredPerSecond, Map<Stamps.Stage, Latency> stages, Undone undone,
            List<Outlier> outliers, PauseSummary pauses) {

        Latency headline(Stamps.Stage stage) {
            return stages.get(stage);
        }

    }

    /** One slow deletion and what its services' JVMs stopped for meanwhile. */
    record Outlier(double millis, List<Pauses.Pause> pauses) {

        Duration paused() {
            return pauses.stream().map(Pauses.Pause::length).reduce(Duration.ZERO, Duration::plus);
        }

    }

    /** The pauses of a phase: how many, the longest, and the collections among them. */
    record PauseSummary(int count, double totalMillis, double longestMillis, String longest, int youngCollections,
            int fullCollections) {
    }

    /**
     * Offered deletions not done: refused with 503 by member-service (nothing done),
     * failed without an answer, and (synchronous only) half done: the member deleted, its
     * reservations left behind.
     */
    record Undone(int refused, int failed, int halfDone) {
    }

    /**
     * Live deletions at one rate while a replay was published.
     *
     * @param events how many events the replay queued again
     * @param published how long after the replay was asked for every event was published
     * again
     * @param drained how long until the consumer's queue was empty again
     */
    record Replay(long events, Duration published, Duration drained) {
    }

    /**
     * member-service's backfill of every member it holds, as {@code MemberSnapshot}
     * events, while live deletions ran at {@link Settings#REPLAY_RATE}.
     *
     * @param members the members it scanned
     * @param emitted the snapshots it wrote to the event log
     * @param took from its start to its end, as member-service reports them
     * @param drained from its start until the consumer's queue was empty again
     */
    record Backfill(long members, long emitted, Duration took, Duration drained) {

        double membersPerSecond() {
            return members / (took.toNanos() / 1e9);
        }

    }

    /**
     * A burst of deletions as fast as the REST API takes them, applied until the queue is
     * empty; and what the machine could do at all at the CPU time they cost.
     *
     * @param deletions the burst's deletions member-service accepted
     * @param undone the burst's deletions it refused or left unanswered
     * @param cpuPerDeletion CPU time per accepted deletion by process, summed over the
     * burst
     */
    record Ceiling(int deletions, Undone undone, double intakePerSecond, double appliedPerSecond,
            Map<String, Duration> cpuPerDeletion, int cores) {

        Duration totalCpuPerDeletion() {
            return cpuPerDeletion.values().stream().reduce(Duration.ZERO, Duration::plus);
        }

        /** L: the deletions per second this machine's cores could carry at that cost. */
        double machineLimitPerSecond() {
            long nanos = totalCpuPerDeletion().toNanos();
            return nanos == 0 ? Double.NaN : cores * 1e9 / nanos;
        }

    }

    /**
     * Each part of the pipeline alone, in the same run.
     *
     * @param intakePerSecond I₀: member-service's REST intake of a burst with the relay
     * off, counting the deletions it accepted
     * @param intakeUndone the deletions of that burst it refused or left unanswered
     * @param relayPerSecond R₀: the relay alone draining a pre-filled outbox
     * @param consumerPerSecond C₀: the consumer alone draining a pre-filled queue
     */
    record Baselines(int intakeDeletions, double intakePerSecond, Undone intakeUndone, int relayEvents,
            double relayPerSecond, int consumerEvents, double consumerPerSecond) {
    }

    /** The synchronous alternative at one offered rate, or as a burst (rate 0). */
    record Synchronous(int offeredPerSecond, Latency latency, Undone undone, double perSecond) {
    }

}
