package com.example.events.benchmarks;

import java.time.Instant;
import java.util.List;

/** Everything one run measured. */
record Results(Instant date, String machine, List<AtRate> rates, Ceiling ceiling, double floorPerSecond,
        double synchronousPerSecond, long memberServicePeakRss, long reservationServicePeakRss) {

    /**
     * At one offered rate of deletions per second. The latencies cover the deletions that
     * were done; {@code pipelineUndone} and {@code synchronousUndone} count the others.
     */
    record AtRate(int offeredPerSecond, Latency propagation, Latency relayLag, Latency floor, Latency synchronous,
            Undone pipelineUndone, Undone synchronousUndone) {
    }

    /**
     * Offered deletions not done: refused with 503 by member-service (nothing done),
     * failed without an answer, and (synchronous only) half done: the member deleted, its
     * reservations left behind.
     */
    record Undone(int refused, int failed, int halfDone) {
    }

    /**
     * A burst of deletions as fast as the REST API takes them, applied until the queue is
     * empty.
     */
    record Ceiling(int deletions, double intakePerSecond, double appliedPerSecond) {
    }

    double floorRatio() {
        return ceiling.appliedPerSecond() / floorPerSecond;
    }
}
