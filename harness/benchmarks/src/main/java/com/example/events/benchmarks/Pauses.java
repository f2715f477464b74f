package com.example.events.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stop-the-world pauses of the services' JVMs, read from their unified GC logs
 * ({@link #jvmOptions}, one file per process): every safepoint with its length (a GC
 * pause is one), and every garbage collection with its cause, so a latency outlier can be
 * lined up with what its JVMs were doing then.
 */
final class Pauses {

    /** Where each service JVM logs its GC and safepoints; {@code %p} is its pid. */
    static List<String> jvmOptions(Path directory) {
        return List.of("-Xlog:gc*,safepoint:file=%s:time,uptime,level,tags"
            .formatted(directory.resolve("gc-%p.log").toAbsolutePath()));
    }

    private static final Pattern DECORATION = Pattern.compile("^\\[([^\\]]+)\\]");

    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \"([^\"]+)\".* Total: (\\d+) ns");

    private static final Pattern COLLECTION = Pattern
        .compile("\\[gc\\s*\\] GC\\(\\d+\\) Pause (Young|Full) \\(([^)]+)\\) .* ([\\d.]+)ms$");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** A stop of every thread of one JVM. */
    record Pause(String service, Instant start, Instant end, String operation) {

        Duration length() {
            return Duration.between(start, end);
        }

        boolean overlaps(Instant from, Instant to) {
            return start.isBefore(to) && end.isAfter(from);
        }

    }

    /** One garbage collection: young or full, why, and how long. */
    record Collection(String service, Instant end, boolean full, String cause, double millis) {
    }

    private final List<Pause> pauses = new ArrayList<>();

    private final List<Collection> collections = new ArrayList<>();

    /** Reads the logs of the JVMs given by pid, each under its service's name. */
    static Pauses read(Path directory, Map<Long, String> servicesByPid) {
        Pauses read = new Pauses();
        servicesByPid.forEach((pid, service) -> {
            Path log = directory.resolve("gc-" + pid + ".log");
            if (Files.exists(log)) {
                read.parse(service, log);
            }
        });
        return read;
    }

    private void parse(String service, Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach(line -> {
                Matcher decoration = DECORATION.matcher(line);
                if (!decoration.find()) {
                    return;
                }
                Instant at = OffsetDateTime.parse(decoration.group(1), TIME).toInstant();
                Matcher safepoint = SAFEPOINT.matcher(line);
                if (safepoint.find()) {
                    pauses.add(new Pause(service, at.minusNanos(Long.parseLong(safepoint.group(2))), at,
                            safepoint.group(1)));
                    return;
                }
                Matcher collection = COLLECTION.matcher(line);
                if (collection.find()) {
                    collections.add(new Collection(service, at, collection.group(1).equals("Full"), collection.group(2),
                            Double.parseDouble(collection.group(3))));
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The pauses that overlap the span, longest first. */
    List<Pause> during(Instant from, Instant to) {
        return pauses.stream()
            .filter(pause -> pause.overlaps(from, to))
            .sorted((a, b) -> b.length().compareTo(a.length()))
            .toList();
    }

    /** The collections that ended within the span. */
    List<Collection> collectionsBetween(Instant from, Instant to) {
        return collections.stream().filter(c -> !c.end().isBefore(from) && !c.end().isAfter(to)).toList();
    }

    /** Full collections by service and cause, over the whole run. */
    Map<String, Integer> fullCollectionsByCause() {
        Map<String, Integer> counts = new TreeMap<>();
        collections.stream()
            .filter(Collection::full)
            .forEach(c -> counts.merge(c.service() + ": " + c.cause(), 1, Integer::sum));
        return counts;
    }

    boolean isEmpty() {
        return pauses.isEmpty() && collections.isEmpty();
    }

}
