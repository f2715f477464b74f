package com.example.events.benchmarks;

import java.time.Instant;
import java.util.List;

/** Everything one run measured. */
record Results(Instant date, String machine, List<AtRate> rates, Ceiling ceiling, double floorPerSecond,
        double synchronousPerSecond, long memberServicePeakRss, long reservationServicePeakRss) {

    /**
     * At one offered rate of deletions per second; {@code refused} and
     * {@code synchronousRefused} count the deletions member-service answered 503 (too
     * many in progress), which are not in the latencies.
     */
    record AtRate(int offeredPerSecond, Latency propagation, Latency relayLag, Latency floor, Latency synchronous,
            int refused, int synchronousRefused) {
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
