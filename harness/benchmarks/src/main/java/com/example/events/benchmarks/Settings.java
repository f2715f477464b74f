package com.example.events.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run offers the system, and where it writes its results and the
 * services' GC logs.
 *
 * @param offeredRates deletions per second, each for {@code perRate}, over the direct
 * broker path
 * @param proxiedRates the same through a TCP proxy in front of the broker, to show what
 * the extra hop costs
 * @param synchronousPerRate how long each rate is offered to the synchronous alternative
 * @param warmUp deletions before each measured part of the run, not measured: the JIT
 * compiles the paths first
 * @param burst deletions offered as fast as the REST API takes them: the ceiling, and
 * member-service's intake with the relay off (I₀)
 * @param replayedEvents events replayed while live deletions run at {@link #REPLAY_RATE}
 * @param prefilledEvents the pending outbox the relay drains alone (R₀), then the queue
 * the consumer drains alone (C₀)
 */
record Settings(List<Integer> offeredRates, List<Integer> proxiedRates, Duration perRate, Duration synchronousPerRate,
        int warmUp, int burst, int replayedEvents, int prefilledEvents, Path output, Path logs) {

    /** The rate of live deletions during a replay, and without one for comparison. */
    static final int REPLAY_RATE = 50;

    /** The run whose numbers the docs quote. */
    static Settings full(Path output, Path logs) {
        return new Settings(List.of(50, 200, 500), List.of(50, 200), Duration.ofSeconds(20), Duration.ofSeconds(10),
                1000, 2000, 20_000, 20_000, output, logs);
    }

    /** The same run at other offered rates (e.g. {@code -Dbench.rates=50,200}). */
    Settings withRates(List<Integer> rates) {
        return new Settings(rates, proxiedRates, perRate, synchronousPerRate, warmUp, burst, replayedEvents,
                prefilledEvents, output, logs);
    }

    /**
     * Every phase, a second or so each: proves the benchmark still works, measures
     * nothing worth quoting.
     */
    static Settings quick(Path output, Path logs) {
        return new Settings(List.of(50), List.of(50), Duration.ofSeconds(1), Duration.ofSeconds(1), 25, 50, 300, 300,
                output, logs);
    }

    int deletionsAt(int rate, Duration duration) {
        return (int) (rate * duration.toMillis() / 1000);
    }

    /**
     * The members deleted over the direct path: warm-up, rates, replay and its control,
     * burst.
     */
    int pipelineMembers() {
        return warmUp + offeredRates.stream().mapToInt(rate -> deletionsAt(rate, perRate)).sum()
                + 3 * deletionsAt(REPLAY_RATE, perRate) + burst;
    }

    int proxiedMembers() {
        return warmUp + proxiedRates.stream().mapToInt(rate -> deletionsAt(rate, perRate)).sum();
    }

    int synchronousMembers() {
        return warmUp + offeredRates.stream().mapToInt(rate -> deletionsAt(rate, synchronousPerRate)).sum() + burst;
    }

}
