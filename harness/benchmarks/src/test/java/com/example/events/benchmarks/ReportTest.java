package com.example.events.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The targets table says met or missed from the numbers, and never claims a
 * commit-to-commit target from a span that does not bound it.
 */
class ReportTest {

    private static final long MB = 1024 * 1024;

    @Test
    void aTargetIsMetOrMissedByItsNumber() {
        Results results = results(EnumSet.allOf(Stamps.Stamp.class), 25, 75, 900, 1000);

        assertThat(Report.targets(results)).extracting(Report.Target::target, Report.Target::verdict)
            .contains(org.assertj.core.groups.Tuple.tuple("p99 commit to commit < 30 ms at 50/s", "met"),
                    org.assertj.core.groups.Tuple.tuple("p99 commit to commit < 60 ms at 200/s", "missed"),
                    org.assertj.core.groups.Tuple.tuple("burst ceiling ≥ 800 deletions/s", "met"),
                    org.assertj.core.groups.Tuple
                        .tuple("burst ceiling ≥ 0.9 × member-service's intake in the same burst", "met"),
                    org.assertj.core.groups.Tuple.tuple("R₀ ≥ 5,000 events/s", "missed"),
                    org.assertj.core.groups.Tuple.tuple("member-service peak RSS < 512 MB", "met"),
                    org.assertj.core.groups.Tuple.tuple("reservation-service peak RSS < 512 MB", "missed"));
    }

    @Test
    void withoutTheProducersCommitOnlyAnUpperBoundBelowTheTargetCounts() {
        Set<Stamps.Stamp> withoutProducerCommit = EnumSet.allOf(Stamps.Stamp.class);
        withoutProducerCommit.remove(Stamps.Stamp.PRODUCER_COMMIT);
        Results results = results(withoutProducerCommit, 25, 75, 900, 1000);

        assertThat(results.headline()).isEqualTo(Stamps.Stage.OCCURRED_TO_CONSUMER_COMMIT);
        assertThat(Report.targets(results)).extracting(Report.Target::verdict)
            .startsWith("met", "not shown: the producer's commit is not stamped");
        assertThat(Report.markdown(results)).contains("| producer commit → consumer commit | — |",
                "Stamps not provided", "`event_log.appended_by`");
    }

    @Test
    void withNeitherCommitStampedNoLatencyTargetIsClaimed() {
        Set<Stamps.Stamp> firstStampsOnly = EnumSet.of(Stamps.Stamp.OCCURRED, Stamps.Stamp.SNS_ACCEPTED,
                Stamps.Stamp.CONSUMER_START);
        Results results = results(firstStampsOnly, 5, 5, 900, 1000);

        assertThat(Report.targets(results)).extracting(Report.Target::verdict)
            .startsWith("not measured: neither commit is stamped", "not measured: neither commit is stamped");
    }

    @Test
    void aBurstSaysHowManyDeletionsMemberServiceRefusedBesideTheRateOfTheRest() {
        Results results = results(EnumSet.allOf(Stamps.Stamp.class), 25, 75, 900, 1000, new Results.Undone(4, 0, 0));

        assertThat(Report.markdown(results)).contains(
                "a burst of 2004 deletions, applied until the queue is empty (4 refused with 503, 0 without answer");
        assertThat(Report.json(results)).contains("\"ceiling\": {\"deletions\": 2000, \"undone\": {\"refused\": 4,");
    }

    private static Results results(Set<Stamps.Stamp> stamps, double p99At50, double p99At200, double ceiling,
            double intake) {
        return results(stamps, p99At50, p99At200, ceiling, intake, new Results.Undone(0, 0, 0));
    }

    private static Results results(Set<Stamps.Stamp> stamps, double p99At50, double p99At200, double ceiling,
            double intake, Results.Undone ceilingUndone) {
        Stamps.Stage headline = Stamps.headline(stamps);
        List<Results.Phase> phases = List.of(phase(stamps, 50, p99At50), phase(stamps, 200, p99At200));
        Map<Stamps.Stamp, String> missing = new EnumMap<>(Stamps.Stamp.class);
        for (Stamps.Stamp stamp : Stamps.Stamp.values()) {
            if (!stamps.contains(stamp)) {
                missing.put(stamp, stamp.requires);
            }
        }
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("member-service", 400 * MB);
        rss.put("reservation-service", 600 * MB);
        return new Results(Instant.parse("2026-12-01T10:00:00Z"), "test machine", "0.10", stamps, missing, headline,
                phases, new Results.Replay(300, Duration.ofSeconds(2), Duration.ofSeconds(3)),
                new Results.Backfill(20_000, 20_000, Duration.ofSeconds(10), Duration.ofSeconds(12)),
                new Results.Ceiling(2000, ceilingUndone, intake, ceiling,
                        Map.of("member-service", Duration.ofMillis(1)), 2),
                new Results.Baselines(2000, 1200, new Results.Undone(0, 0, 0), 20_000, 4000, 20_000, 2500),
                List.of(new Results.Synchronous(50, latency(20), new Results.Undone(0, 0, 0), Double.NaN),
                        new Results.Synchronous(0, latency(Double.NaN), new Results.Undone(0, 0, 0), 300)),
                latency(2), rss, Map.of(), true);
    }

    private static Results.Phase phase(Set<Stamps.Stamp> stamps, int rate, double p99) {
        Map<Stamps.Stage, Latency> stages = new EnumMap<>(Stamps.Stage.class);
        for (Stamps.Stage stage : Stamps.Stage.values()) {
            boolean measured = stamps.contains(stage.from) && stamps.contains(stage.to);
            stages.put(stage, measured ? latency(p99) : latency(Double.NaN));
        }
        return new Results.Phase(rate + "/s", Results.Kind.DIRECT, rate, stages, new Results.Undone(0, 0, 0), List.of(),
                new Results.PauseSummary(0, 0, 0, "", 0, 0));
    }

    private static Latency latency(double p99) {
        return Double.isNaN(p99) ? new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new Latency(100, p99 / 2, p99, p99, p99);
    }

}
