package com.example.events.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's every phase, a few seconds each, so it cannot rot between full runs. It
 * asserts what the run must find whatever the machine (every deletion propagated, no
 * reservation left, every number measured), never a speed: speed is what the full run
 * reports.
 */
class BenchmarkQuickIT {

    @Test
    void everyPhaseMeasuresAndEveryDeletionPropagates() throws Exception {
        Path output = Path.of("target", "bench-quick");
        Settings settings = Settings.quick(output);

        Results results = PipelineBenchmark.run(settings);

        assertThat(results.rates()).hasSize(settings.offeredRates().size()).allSatisfy(rate -> {
            assertThat(rate.propagation().count())
                .isEqualTo(settings.deletionsAt(rate.offeredPerSecond(), settings.perRate()));
            assertThat(rate.floor().count())
                .isGreaterThanOrEqualTo(settings.deletionsAt(rate.offeredPerSecond(), settings.perRate()));
            assertThat(rate.synchronous().count())
                .isEqualTo(settings.deletionsAt(rate.offeredPerSecond(), settings.synchronousPerRate()));
        });
        assertThat(results.ceiling().appliedPerSecond()).isPositive();
        assertThat(results.floorPerSecond()).isPositive();
        assertThat(results.synchronousPerSecond()).isPositive();
        assertThat(results.memberServicePeakRss()).isPositive();
        assertThat(results.reservationServicePeakRss()).isPositive();
        assertThat(output.resolve("results.md")).content().contains("Pipeline ceiling / broker floor");
        assertThat(output.resolve("results.json")).exists();
        assertThat(Files.size(output.resolve("latency.png"))).isPositive();
    }

}
