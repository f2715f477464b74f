package com.example.events.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a run's results as markdown (for the docs), JSON (for tools) and a PNG plot: the
 * targets met or missed, the stage table, the baselines, and the outliers beside their
 * JVM pauses.
 */
final class Report {

    private static final long MB = 1024 * 1024;

    private static final String NOT_MEASURED = "—";

    private Report() {
    }

    static void write(Results results, Path directory) throws IOException {
        Files.writeString(directory.resolve("results.md"), markdown(results));
        Files.writeString(directory.resolve("results.json"), json(results));
        LatencyChart.write(results, directory.resolve("latency.png"));
    }

    /** One of the targets: what was measured, and whether it meets it. */
    record Target(String target, String measured, String verdict) {
    }

    static List<Target> targets(Results r) {
        List<Target> targets = new ArrayList<>();
        targets.add(latencyTarget(r, 50, 30));
        targets.add(latencyTarget(r, 200, 60));
        targets.add(phase(r, Results.Kind.DIRECT, 200).map(p -> {
            int undone = p.undone().refused() + p.undone().failed();
            return new Target("nothing refused at 200/s", "%d refused, %d without answer of %d offered"
                .formatted(p.undone().refused(), p.undone().failed(), p.headline(r.headline()).count() + undone),
                    undone == 0 ? "met" : "missed");
        }).orElse(notRun("nothing refused at 200/s")));
        Results.Ceiling c = r.ceiling();
        targets.add(new Target("burst ceiling ≥ 800 deletions/s", "%.0f/s".formatted(c.appliedPerSecond()),
                verdict(c.appliedPerSecond() >= 800)));
        double ratio = c.appliedPerSecond() / c.intakePerSecond();
        targets.add(new Target("burst ceiling ≥ 0.9 × member-service's intake in the same burst",
                "%.0f/s of %.0f/s = %.2f×".formatted(c.appliedPerSecond(), c.intakePerSecond(), ratio),
                verdict(ratio >= 0.9)));
        Results.Baselines b = r.baselines();
        targets
            .add(new Target("R₀ ≥ 5,000 events/s", "%.0f/s (%d events)".formatted(b.relayPerSecond(), b.relayEvents()),
                    verdict(b.relayPerSecond() >= 5000)));
        targets.add(new Target("C₀ ≥ 2,000 events/s",
                "%.0f/s (%d events)".formatted(b.consumerPerSecond(), b.consumerEvents()),
                verdict(b.consumerPerSecond() >= 2000)));
        r.peakRssBytes()
            .forEach((service, bytes) -> targets.add(new Target(service + " peak RSS < 512 MB",
                    "%d MB".formatted(bytes / MB), verdict(bytes < 512 * MB))));
        return targets;
    }

    private static Target latencyTarget(Results r, int rate, double limitMillis) {
        String target = "p99 commit to commit < %.0f ms at %d/s".formatted(limitMillis, rate);
        return phase(r, Results.Kind.DIRECT, rate).map(p -> {
            double p99 = p.headline(r.headline()).p99();
            return switch (r.headline()) {
                case COMMIT_TO_COMMIT -> new Target(target, ms(p99) + " ms", verdict(p99 < limitMillis));
                // the producer commits after occurred_at, so this bounds commit to commit
                // from above
                case OCCURRED_TO_CONSUMER_COMMIT ->
                    new Target(target, "≤ " + ms(p99) + " ms (" + r.headline().label() + ")",
                            p99 < limitMillis ? "met" : "not shown: the producer's commit is not stamped");
                default -> new Target(target, ms(p99) + " ms (" + r.headline().label() + ")",
                        "not measured: neither commit is stamped");
            };
        }).orElse(notRun(target));
    }

    private static Target notRun(String target) {
        return new Target(target, NOT_MEASURED, "not run");
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    private static Optional<Results.Phase> phase(Results r, Results.Kind kind, int rate) {
        return r.phases().stream().filter(p -> p.kind() == kind && p.offeredPerSecond() == rate).findFirst();
    }

    static String markdown(Results r) {
        var md = new StringBuilder();
        md.append("Run on %s, %s; load average %s when it began.%n%n".formatted(r.date().toString().substring(0, 10),
                r.machine(), r.loadAtStart()));
        md.append("Propagation is **%s**. ".formatted(r.headline().label()));
        if (r.missingStamps().isEmpty()) {
            md.append("Every stamp is provided.\n\n");
        }
        else {
            md.append("Stamps not provided, so their stages show %s: %s.%n%n".formatted(NOT_MEASURED,
                    r.missingStamps()
                        .entrySet()
                        .stream()
                        .map(e -> "%s (`%s`)".formatted(e.getKey().label, e.getValue()))
                        .collect(Collectors.joining(", "))));
        }

        md.append("## Targets\n\n| target | measured | |\n| --- | --- | --- |\n");
        for (Target t : targets(r)) {
            md.append("| %s | %s | %s |%n".formatted(t.target(), t.measured(), t.verdict()));
        }

        md.append("\n## Where the time goes: p50 / p99 ms per stage\n\n");
        md.append("| stage | ")
            .append(r.phases().stream().map(Results.Phase::name).collect(Collectors.joining(" | ")))
            .append(" |\n| --- |")
            .append(" ---: |".repeat(r.phases().size()))
            .append('\n');
        for (Stamps.Stage stage : Stamps.Stage.values()) {
            md.append("| ").append(stage.label()).append(" |");
            for (Results.Phase p : r.phases()) {
                Latency l = p.stages().get(stage);
                md.append(
                        l.count() == 0 ? " " + NOT_MEASURED + " |" : " %s / %s |".formatted(ms(l.p50()), ms(l.p99())));
            }
            md.append('\n');
        }

        md.append("\n## Propagation (%s) by phase\n\n".formatted(r.headline().label()));
        md.append("| phase | done | refused (503) / no answer | p50 | p95 | p99 | max | pauses ≥ 1 ms "
                + "| longest pause | GCs young / full |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- "
                + "| ---: |\n");
        for (Results.Phase p : r.phases()) {
            Latency l = p.headline(r.headline());
            Results.PauseSummary s = p.pauses();
            md.append("| %s | %d | %d / %d | %s | %s | %s | %s | %d | %s | %d / %d |%n".formatted(p.name(), l.count(),
                    p.undone().refused(), p.undone().failed(), ms(l.p50()), ms(l.p95()), ms(l.p99()), ms(l.max()),
                    s.count(),
                    s.longest().isEmpty() ? NOT_MEASURED : "%s ms (%s)".formatted(ms(s.longestMillis()), s.longest()),
                    s.youngCollections(), s.fullCollections()));
        }

        md.append("\n## The slowest deletions beside their JVMs' pauses\n\n");
        if (!r.pausesLogged()) {
            md.append("No GC log was found, so no pauses can be shown.\n\n");
        }
        md.append("At or above each phase's p99, slowest first; the pauses (≥ 0.1 ms) of either service within "
                + "the deletion's span.\n\n| phase | deletion | paused meanwhile | longest pauses |\n"
                + "| --- | ---: | ---: | --- |\n");
        for (Results.Phase p : r.phases()) {
            for (Results.Outlier o : p.outliers()) {
                md.append("| %s | %s ms | %s ms | %s |%n".formatted(p.name(), ms(o.millis()),
                        ms(o.paused().toNanos() / 1e6),
                        o.pauses().isEmpty() ? "none"
                                : o.pauses()
                                    .stream()
                                    .limit(3)
                                    .map(pause -> "%s %s %s ms".formatted(pause.service(), pause.operation(),
                                            ms(pause.length().toNanos() / 1e6)))
                                    .collect(Collectors.joining(", "))));
            }
        }

        Results.Baselines b = r.baselines();
        Results.Ceiling c = r.ceiling();
        md.append("\n## Baselines and the machine's limit\n\n| | per second |\n| --- | ---: |\n");
        md.append("| I₀: member-service's REST intake of a burst of %d deletions, relay off%s | %.0f |%n".formatted(
                b.intakeDeletions() + undone(b.intakeUndone()), notAccepted(b.intakeUndone()), b.intakePerSecond()));
        md.append("| R₀: the relay alone draining a pre-filled outbox of %d events | %.0f |%n"
            .formatted(b.relayEvents(), b.relayPerSecond()));
        md.append("| C₀: the consumer alone draining a pre-filled queue of %d events | %.0f |%n"
            .formatted(b.consumerEvents(), b.consumerPerSecond()));
        r.synchronous()
            .stream()
            .filter(s -> s.offeredPerSecond() == 0)
            .forEach(s -> md.append(
                    "| the synchronous alternative: a burst of DELETE member, then find and DELETE its reservations%s | %.0f |%n"
                        .formatted(notAccepted(s.undone()), s.perSecond())));
        md.append("| the pipeline's ceiling: a burst of %d deletions, applied until the queue is empty%s | %.0f |%n"
            .formatted(c.deletions() + undone(c.undone()), notAccepted(c.undone()), c.appliedPerSecond()));
        md.append("| the same burst's intake at member-service's REST API | %.0f |%n".formatted(c.intakePerSecond()));
        md.append("| L: %d cores ÷ %.2f ms CPU per deletion | %.0f |%n".formatted(c.cores(),
                c.totalCpuPerDeletion().toNanos() / 1e6, c.machineLimitPerSecond()));
        md.append("%nThe ceiling is **%.0f%% of L**. CPU time per deletion during the burst, by process: %s.%n"
            .formatted(100 * c.appliedPerSecond() / c.machineLimitPerSecond(),
                    c.cpuPerDeletion()
                        .entrySet()
                        .stream()
                        .map(e -> "%s %.2f ms".formatted(e.getKey(), e.getValue().toNanos() / 1e6))
                        .collect(Collectors.joining(", "))));

        md.append("\nThe synchronous alternative, offered open-loop (the relay off, so only the REST calls run):\n\n"
                + "| offered/s | p50 | p99 | refused / no answer / member deleted but reservations left |\n"
                + "| ---: | ---: | ---: | ---: |\n");
        r.synchronous()
            .stream()
            .filter(s -> s.offeredPerSecond() > 0)
            .forEach(s -> md
                .append("| %d | %s ms | %s ms | %d / %d / %d |%n".formatted(s.offeredPerSecond(), ms(s.latency().p50()),
                        ms(s.latency().p99()), s.undone().refused(), s.undone().failed(), s.undone().halfDone())));

        md.append("\n## A replay under live load\n\n");
        md.append(("%d events replayed for one subscriber while deletions ran at %d/s: all published again %.1f s "
                + "after the replay was asked for, the consumer's queue empty after %.1f s.%n%n")
            .formatted(r.replay().events(), Settings.REPLAY_RATE, seconds(r.replay().published()),
                    seconds(r.replay().drained())));
        comparison(md, r, "live deletions", List.of(Results.Kind.WITHOUT_REPLAY, Results.Kind.DURING_REPLAY));

        Results.Backfill backfill = r.backfill();
        md.append("\n## A backfill under live load\n\n");
        md.append(("member-service backfilled its %d members (%d `MemberSnapshot` events) in %.1f s, %.0f members/s, "
                + "while deletions ran at %d/s; the consumer's queue was empty %.1f s after the backfill was asked "
                + "for.%n%n")
            .formatted(backfill.members(), backfill.emitted(), seconds(backfill.took()), backfill.membersPerSecond(),
                    Settings.REPLAY_RATE, seconds(backfill.drained())));
        comparison(md, r, "live deletions", List.of(Results.Kind.WITHOUT_REPLAY, Results.Kind.DURING_BACKFILL));

        md.append("\n## What the proxy costs\n\n");
        md.append("The measured phases use the broker path as in production (each service straight to the "
                + "broker); the proxied ones put a TCP proxy, as local-system's `BrokerProxy`, in front of it.\n\n");
        comparison(md, r, "deletions", List.of(Results.Kind.DIRECT, Results.Kind.PROXIED));

        md.append("\n## JVMs\n\n");
        md.append("Full GCs over the whole run (warm-ups and restarts included): %s. "
            .formatted(r.fullCollections().isEmpty() ? "none"
                    : r.fullCollections()
                        .entrySet()
                        .stream()
                        .map(e -> e.getValue() + "× " + e.getKey())
                        .collect(Collectors.joining(", "))));
        md.append("Peak RSS: %s.%n".formatted(r.peakRssBytes()
            .entrySet()
            .stream()
            .map(e -> "%s %d MB".formatted(e.getKey(), e.getValue() / MB))
            .collect(Collectors.joining(", "))));
        md.append("\nThe broker alone (SNS Publish → raw SQS subscription → receive, no service): p50 %s ms, p99 %s ms "
            .formatted(ms(r.brokerFloor().p50()), ms(r.brokerFloor().p99())));
        md.append("(%d messages).%n".formatted(r.brokerFloor().count()));
        return md.toString();
    }

    /** The headline p50 / p99 of phases of these kinds side by side, by rate. */
    private static void comparison(StringBuilder md, Results r, String what, List<Results.Kind> kinds) {
        md.append("| %s at | ".formatted(what))
            .append(kinds.stream().map(Report::kindName).collect(Collectors.joining(" p50 / p99 | ")))
            .append(" p50 / p99 | p99 difference |\n| ---: |")
            .append(" ---: |".repeat(kinds.size() + 1))
            .append('\n');
        r.phases()
            .stream()
            .filter(p -> p.kind() == kinds.getLast())
            .forEach(later -> phase(r, kinds.getFirst(), later.offeredPerSecond()).ifPresent(first -> {
                Latency a = first.headline(r.headline());
                Latency b = later.headline(r.headline());
                md.append("| %d/s | %s / %s ms | %s / %s ms | %+.1f ms |%n".formatted(later.offeredPerSecond(),
                        ms(a.p50()), ms(a.p99()), ms(b.p50()), ms(b.p99()), b.p99() - a.p99()));
            }));
    }

    private static String kindName(Results.Kind kind) {
        return switch (kind) {
            case DIRECT -> "direct";
            case PROXIED -> "through the proxy";
            case WITHOUT_REPLAY -> "without a replay";
            case DURING_REPLAY -> "during the replay";
            case DURING_BACKFILL -> "during the backfill";
        };
    }

    static String json(Results r) {
        String phases = r.phases()
            .stream()
            .map(p -> """
                    {"name": "%s", "kind": "%s", "offeredPerSecond": %d, "undone": %s, "stages": {%s}, \
                    "pauses": {"atLeast1ms": %d, "totalMs": %.2f, "longestMs": %.2f, "longest": "%s", \
                    "youngCollections": %d, "fullCollections": %d}, "outliersMs": [%s]}""".formatted(p.name(), p.kind(),
                    p.offeredPerSecond(), json(p.undone()),
                    joined(p.stages().entrySet(), e -> "\"%s\": %s".formatted(e.getKey(), json(e.getValue()))),
                    p.pauses().count(), p.pauses().totalMillis(), p.pauses().longestMillis(), p.pauses().longest(),
                    p.pauses().youngCollections(), p.pauses().fullCollections(),
                    joined(p.outliers(), o -> number(o.millis()))))
            .collect(Collectors.joining(",\n    "));
        Results.Ceiling c = r.ceiling();
        Results.Baselines b = r.baselines();
        String synchronous = joined(r.synchronous(),
                s -> "{\"offeredPerSecond\": %d, \"latency\": %s, \"undone\": %s, \"perSecond\": %s}"
                    .formatted(s.offeredPerSecond(), json(s.latency()), json(s.undone()), number(s.perSecond())));
        return String.format(Locale.ROOT, """
                {
                  "date": "%s",
                  "machine": "%s",
                  "loadAtStart": "%s",
                  "headline": "%s",
                  "missingStamps": {%s},
                  "targets": [%s],
                  "phases": [
                    %s
                  ],
                  "replay": {"events": %d, "publishedSeconds": %.2f, "drainedSeconds": %.2f},
                  "backfill": {"members": %d, "emitted": %d, "seconds": %.2f, "membersPerSecond": %.1f, \
                "drainedSeconds": %.2f},
                  "ceiling": {"deletions": %d, "undone": %s, "intakePerSecond": %.1f, "appliedPerSecond": %.1f, \
                "cpuMsPerDeletion": {%s}, "cores": %d, "machineLimitPerSecond": %s},
                  "baselines": {"intakeDeletions": %d, "intakeUndone": %s, "intakePerSecond": %.1f, "relayEvents": %d, \
                "relayPerSecond": %.1f, "consumerEvents": %d, "consumerPerSecond": %.1f},
                  "synchronous": [%s],
                  "brokerFloor": %s,
                  "fullCollections": {%s},
                  "peakRssBytes": {%s}
                }
                """, r.date(), r.machine().replace("\"", "'"), r.loadAtStart(), r.headline(),
                joined(r.missingStamps().entrySet(), e -> "\"%s\": \"%s\"".formatted(e.getKey(), e.getValue())),
                joined(targets(r),
                        t -> "{\"target\": \"%s\", \"measured\": \"%s\", \"verdict\": \"%s\"}".formatted(t.target(),
                                t.measured(), t.verdict())),
                phases, r.replay().events(), seconds(r.replay().published()), seconds(r.replay().drained()),
                r.backfill().members(), r.backfill().emitted(), seconds(r.backfill().took()),
                r.backfill().membersPerSecond(), seconds(r.backfill().drained()), c.deletions(), json(c.undone()),
                c.intakePerSecond(), c.appliedPerSecond(),
                joined(c.cpuPerDeletion().entrySet(),
                        e -> "\"%s\": %s".formatted(e.getKey(), number(e.getValue().toNanos() / 1e6))),
                c.cores(), number(c.machineLimitPerSecond()), b.intakeDeletions(), json(b.intakeUndone()),
                b.intakePerSecond(), b.relayEvents(), b.relayPerSecond(), b.consumerEvents(), b.consumerPerSecond(),
                synchronous, json(r.brokerFloor()),
                joined(r.fullCollections().entrySet(), e -> "\"%s\": %d".formatted(e.getKey(), e.getValue())),
                joined(r.peakRssBytes().entrySet(), e -> "\"%s\": %d".formatted(e.getKey(), e.getValue())));
    }

    private static <T> String joined(java.util.Collection<T> items, Function<T, String> json) {
        return items.stream().map(json).collect(Collectors.joining(", "));
    }

    private static String json(Latency l) {
        return "{\"count\": %d, \"p50\": %s, \"p95\": %s, \"p99\": %s, \"max\": %s}".formatted(l.count(),
                number(l.p50()), number(l.p95()), number(l.p99()), number(l.max()));
    }

    private static int undone(Results.Undone undone) {
        return undone.refused() + undone.failed() + undone.halfDone();
    }

    /**
     * A burst offers everything at once; what member-service did not take is said beside
     * its rate.
     */
    private static String notAccepted(Results.Undone undone) {
        if (undone(undone) == 0) {
            return "";
        }
        return " (%d refused with 503, %d without answer, %d half done: the rate counts the rest)"
            .formatted(undone.refused(), undone.failed(), undone.halfDone());
    }

    private static String json(Results.Undone undone) {
        return "{\"refused\": %d, \"failed\": %d, \"halfDone\": %d}".formatted(undone.refused(), undone.failed(),
                undone.halfDone());
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String ms(double value) {
        return Latency.ms(value);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

}
