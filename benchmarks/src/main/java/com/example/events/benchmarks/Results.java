package com.example.events.benchmarks;

import java.time.Instant;
import java.util.List;

/** Everything one run measured. */
record Results(Instant date, String machine, List<AtRate> rates, Ceiling ceiling, double floorPerSecond,
        double synchronousPerSecond, long memberServicePeakRss, long reservationServicePeakRss) {

    /** At one offered rate of deletions per second. */
    record AtRate(int offeredPerSecond, Latency propagation, Latency relayLag, Latency floor, Latency synchronous) {
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
