package com.example.events.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The Prometheus alerting rules in ops/prometheus (the same alerts as the CloudWatch
 * alarms, for compose and Kubernetes) pass promtool's own check and their unit tests on
 * synthetic series, and name only metrics the services expose.
 */
class PrometheusRulesTest {

    private static final Path RULES_DIR = TopologyDriftTest.MODULE_DIR.resolve("../ops/prometheus").normalize();

    /**
     * Each series the rules read, and the meter in the services' code that exposes it
     * (Micrometer's Prometheus names: dots to underscores, base unit and _total, _max or
     * _bucket appended).
     */
    private static final Map<String, String> SERIES_TO_METER = Map.of("outbox_events_pending_oldest_age_seconds",
            "outbox.events.pending.oldest.age", "outbox_publish_failures_total", "outbox.publish.failures",
            "member_events_propagation_seconds_bucket", "member.events.propagation",
            "member_events_propagation_seconds_max", "member.events.propagation", "member_events_dlq_depth",
            "member.events.dlq.depth", "member_events_queue_depth", "member.events.queue.depth",
            "member_events_applied_total", "member.events.applied");

    @Test
    void rulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 6 rules found");
    }

    @Test
    void everyAlertFiresOnTheSeriesThatShouldRaiseItAndOnlyThen() throws Exception {
        assertThat(promtool("test", "rules", "alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void rulesReadOnlyMetricsTheServicesExpose() throws IOException {
        String rules = Files.readString(RULES_DIR.resolve("alerts.yml"));
        Matcher expressions = Pattern.compile("expr: >-\\n((?:\\s{10}.*\\n)+)|expr: (.*)").matcher(rules);
        TreeSet<String> series = new TreeSet<>();
        while (expressions.find()) {
            String expression = expressions.group(1) != null ? expressions.group(1) : expressions.group(2);
            Matcher names = Pattern.compile("\\b(outbox|member_events)_[a-z_]+").matcher(expression);
            while (names.find()) {
                series.add(names.group());
            }
        }
        assertThat(series).isNotEmpty();
        assertThat(SERIES_TO_METER).containsKeys(series.toArray(String[]::new));

        String sources = AlarmsTest.mainSources("member-service") + AlarmsTest.mainSources("reservation-service");
        for (String name : series) {
            assertThat(sources).as("the meter behind %s", name).contains("\"" + SERIES_TO_METER.get(name) + "\"");
        }
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtoolExecutable());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("promtool %s finished within 60 s", String.join(" ", arguments)).isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
        return output;
    }

    /**
     * promtool on the PATH; a missing one fails the build, it never skips these tests.
     */
    private static String promtoolExecutable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("promtool is not installed: it comes with Debian's prometheus package "
                + "(apt-get install prometheus, which .ci/run does), or with any Prometheus release; put it on the PATH");
    }

}
