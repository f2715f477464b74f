package com.example.events.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a run's results as markdown (for the README), JSON (for tools) and a PNG plot.
 */
final class Report {

    private Report() {
    }

    static void write(Results results, Path directory) throws IOException {
        Files.writeString(directory.resolve("results.md"), markdown(results));
        Files.writeString(directory.resolve("results.json"), json(results));
        LatencyChart.write(results, directory.resolve("latency.png"));
    }

    static String markdown(Results r) {
        var md = new StringBuilder();
        md.append("Run on %s, %s.%n%n".formatted(r.date().toString().substring(0, 10), r.machine()));
        md.append("| offered deletions/s | propagation p50 | p95 | p99 | max | relay lag p99 | broker floor p50 / p99 "
                + "| synchronous REST p50 / p99 |\n");
        md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Results.AtRate rate : r.rates()) {
            md.append("| %d | %s ms | %s ms | %s ms | %s ms | %s ms | %s / %s ms | %s / %s ms |%n".formatted(
                    rate.offeredPerSecond(), Latency.ms(rate.propagation().p50()), Latency.ms(rate.propagation().p95()),
                    Latency.ms(rate.propagation().p99()), Latency.ms(rate.propagation().max()),
                    Latency.ms(rate.relayLag().p99()), Latency.ms(rate.floor().p50()), Latency.ms(rate.floor().p99()),
                    Latency.ms(rate.synchronous().p50()), Latency.ms(rate.synchronous().p99())));
        }
        md.append("%nOffered deletions not done (not in the latencies above):%n%n".formatted());
        md.append(
                "| offered deletions/s | pipeline: refused (503) / no answer | synchronous: refused (503) / no answer "
                        + "/ member deleted but reservations left |\n| ---: | ---: | ---: |\n");
        for (Results.AtRate rate : r.rates()) {
            md.append("| %d | %d / %d | %d / %d / %d |%n".formatted(rate.offeredPerSecond(),
                    rate.pipelineUndone().refused(), rate.pipelineUndone().failed(), rate.synchronousUndone().refused(),
                    rate.synchronousUndone().failed(), rate.synchronousUndone().halfDone()));
        }
        md.append("%n| throughput | deletions (messages) per second |%n| --- | ---: |%n".formatted());
        md.append("| pipeline ceiling: burst of %d deletions, applied until the queue is empty | %.0f |%n"
            .formatted(r.ceiling().deletions(), r.ceiling().appliedPerSecond()));
        md.append("| the burst's intake at member-service's REST API | %.0f |%n"
            .formatted(r.ceiling().intakePerSecond()));
        md.append("| broker floor: SNS PublishBatch → raw SQS → receive 10 + batch delete, no service | %.0f |%n"
            .formatted(r.floorPerSecond()));
        md.append("| synchronous alternative: DELETE member, then find and DELETE its reservations over REST | %.0f |%n"
            .formatted(r.synchronousPerSecond()));
        md.append("%nPipeline ceiling / broker floor: **%.2f×**. Peak RSS: member-service %d MB, "
            .formatted(r.floorRatio(), r.memberServicePeakRss() >> 20));
        md.append("reservation-service %d MB.%n".formatted(r.reservationServicePeakRss() >> 20));
        return md.toString();
    }

    static String json(Results r) {
        String rates = r.rates()
            .stream()
            .map(rate -> """
                    {"offeredPerSecond": %d, "propagation": %s, "relayLag": %s, "floor": %s, "synchronous": %s, \
                    "pipelineUndone": %s, "synchronousUndone": %s}""".formatted(rate.offeredPerSecond(),
                    json(rate.propagation()), json(rate.relayLag()), json(rate.floor()), json(rate.synchronous()),
                    json(rate.pipelineUndone()), json(rate.synchronousUndone())))
            .collect(Collectors.joining(",\n"));
        return String.format(Locale.ROOT, """
                {
                  "date": "%s",
                  "machine": "%s",
                  "rates": [
                %s
                  ],
                  "ceiling": {"deletions": %d, "intakePerSecond": %.1f, "appliedPerSecond": %.1f},
                  "floorPerSecond": %.1f,
                  "floorRatio": %.3f,
                  "synchronousPerSecond": %.1f,
                  "peakRssBytes": {"member-service": %d, "reservation-service": %d}
                }
                """, r.date(), r.machine().replace("\"", "'"), rates, r.ceiling().deletions(),
                r.ceiling().intakePerSecond(), r.ceiling().appliedPerSecond(), r.floorPerSecond(), r.floorRatio(),
                r.synchronousPerSecond(), r.memberServicePeakRss(), r.reservationServicePeakRss());
    }

    private static String json(Latency l) {
        return String.format(Locale.ROOT, "{\"count\": %d, \"p50\": %.2f, \"p95\": %.2f, \"p99\": %.2f, \"max\": %.2f}",
                l.count(), nullSafe(l.p50()), nullSafe(l.p95()), nullSafe(l.p99()), nullSafe(l.max()));
    }

    private static String json(Results.Undone undone) {
        return "{\"refused\": %d, \"failed\": %d, \"halfDone\": %d}".formatted(undone.refused(), undone.failed(),
                undone.halfDone());
    }

    private static double nullSafe(double value) {
        return Double.isNaN(value) ? -1 : value;
    }

}
