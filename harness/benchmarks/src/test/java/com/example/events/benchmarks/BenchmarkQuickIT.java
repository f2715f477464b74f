package com.example.events.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.example.events.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's every phase, a second or so each, so it cannot rot between full runs.
 * It asserts what the run must find whatever the machine (every deletion and event
 * applied, no reservation left, every baseline measured, the GC logs read), never a
 * speed: speed is what the full run reports.
 */
class BenchmarkQuickIT {

    @Test
    void everyPhaseMeasuresAndEveryDeletionPropagates() throws Exception {
        Path output = Path.of("target", "bench-quick");
        Settings settings = Settings.quick(output, output.resolve("logs"));

        // the tests' broker: LocalStack where it is installed
        Results results = PipelineBenchmark.run(settings, TestInfrastructure.launcherBroker());

        assertThat(results.phases()).extracting(Results.Phase::kind)
            .containsOnlyOnce(Results.Kind.WITHOUT_REPLAY, Results.Kind.DURING_REPLAY)
            .contains(Results.Kind.DIRECT, Results.Kind.PROXIED);
        assertThat(results.phases()).allSatisfy(phase -> {
            int offered = settings.deletionsAt(phase.offeredPerSecond(), settings.perRate());
            Latency headline = phase.headline(results.headline());
            assertThat(headline.count() + phase.undone().refused() + phase.undone().failed()).isEqualTo(offered);
            // every stage whose stamps exist is measured for every deletion done
            phase.stages().forEach((stage, latency) -> {
                if (results.stamps().contains(stage.from) && results.stamps().contains(stage.to)) {
                    assertThat(latency.count()).as(phase.name() + ": " + stage.label()).isEqualTo(headline.count());
                }
            });
        });
        assertThat(results.replay().events()).isPositive();
        assertThat(results.backfill().members()).isPositive();
        assertThat(results.backfill().emitted()).isPositive();
        assertThat(results.backfill().membersPerSecond()).isPositive();
        Results.Undone intakeUndone = results.baselines().intakeUndone();
        assertThat(results.baselines().intakeDeletions() + intakeUndone.refused() + intakeUndone.failed())
            .as("every deletion of the burst accepted or counted as refused")
            .isEqualTo(settings.burst());
        assertThat(results.baselines().relayEvents()).isGreaterThanOrEqualTo(settings.prefilledEvents());
        assertThat(results.baselines().consumerEvents()).isEqualTo(results.baselines().relayEvents());
        assertThat(results.baselines().intakePerSecond()).isPositive();
        assertThat(results.baselines().relayPerSecond()).isPositive();
        assertThat(results.baselines().consumerPerSecond()).isPositive();
        assertThat(results.ceiling().appliedPerSecond()).isPositive();
        assertThat(results.ceiling().machineLimitPerSecond()).isPositive();
        assertThat(results.ceiling().cpuPerDeletion()).containsKeys("member-service", "reservation-service",
                "SNS/SQS broker", "member database", "reservation database", "load generator");
        assertThat(results.synchronous()).allSatisfy(s -> assertThat(s.undone().halfDone()).isZero());
        assertThat(results.synchronous()).anySatisfy(s -> assertThat(s.perSecond()).isPositive());
        assertThat(results.brokerFloor().count()).isPositive();
        assertThat(results.pausesLogged()).isTrue();
        assertThat(results.peakRssBytes()).allSatisfy((service, bytes) -> assertThat(bytes).isPositive());
        assertThat(output.resolve("results.md")).content()
            .contains("## Targets", "I₀", "R₀", "C₀", "of L", "## A backfill under live load");
        assertThat(output.resolve("results.json")).exists();
        assertThat(Files.size(output.resolve("latency.png"))).isPositive();
    }

}
