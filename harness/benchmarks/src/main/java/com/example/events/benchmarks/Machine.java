package com.example.events.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a run happened on, in one line: numbers are only comparable on the same
 * one.
 */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return "%s, %d cores, %s RAM, %s, Java %s".formatted(cpu(), Runtime.getRuntime().availableProcessors(),
                memory(), System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.version());
    }

    /**
     * The 1-minute load average: anything else running on the machine shows up in every
     * number of a run.
     */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String cpu() {
        return procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal")
            .map(kb -> "%.0f GiB".formatted(Long.parseLong(kb.replaceAll("\\D", "")) / 1024.0 / 1024.0))
            .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file))
                .stream()
                .filter(line -> line.startsWith(key))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
        }
        catch (IOException | RuntimeException ex) {
            return java.util.Optional.empty();
        }
    }

}
