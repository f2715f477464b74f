package com.example.events.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What one benchmark run offers the system, and where it writes its results. */
record Settings(List<Integer> offeredRates, Duration perRate, Duration synchronousPerRate, int burst, int floorBurst,
        Path output) {

    /** The run whose numbers the README quotes. */
    static Settings full(Path output) {
        return new Settings(List.of(50, 200, 500), Duration.ofSeconds(20), Duration.ofSeconds(10), 2000, 5000, output);
    }

    /** The same run at other offered rates (e.g. {@code -Dbench.rates=50,200}). */
    Settings withRates(List<Integer> rates) {
        return new Settings(rates, perRate, synchronousPerRate, burst, floorBurst, output);
    }

    /**
     * Every phase, a few seconds each: proves the benchmark still works, measures nothing
     * worth quoting.
     */
    static Settings quick(Path output) {
        return new Settings(List.of(20, 50), Duration.ofSeconds(2), Duration.ofSeconds(2), 100, 200, output);
    }

    int deletionsAt(int rate, Duration duration) {
        return (int) (rate * duration.toMillis() / 1000);
    }

    int pipelineMembers() {
        return offeredRates.stream().mapToInt(rate -> deletionsAt(rate, perRate)).sum() + burst;
    }

    int synchronousMembers() {
        return offeredRates.stream().mapToInt(rate -> deletionsAt(rate, synchronousPerRate)).sum() + burst;
    }
}
