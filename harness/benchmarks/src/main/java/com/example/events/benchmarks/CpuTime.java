package com.example.events.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of every process of a run, read from {@code /proc/<pid>/stat}:
 * a process's own time plus that of its children it has already waited for (PostgreSQL's
 * backends come and go with their connections), plus that of its living descendants. What
 * one deletion costs the machine, whichever process spends it.
 */
final class CpuTime {

    // USER_HZ: the unit of /proc/<pid>/stat's times on every Linux the JDK runs on
    private static final long TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");

    /** The processes by name, each read when a sample is taken. */
    private final Map<String, LongSupplier> processes = new LinkedHashMap<>();

    /**
     * A process tree: the root's time, its waited-for children's and its living
     * descendants'.
     */
    CpuTime tree(String name, long rootPid) {
        processes.put(name, () -> treeTicks(rootPid));
        return this;
    }

    /**
     * One process alone (a JVM whose children are counted under their own names), its pid
     * read again at every sample, as a restarted service gets a new one; a process that
     * is not running counts nothing.
     */
    CpuTime process(String name, LongSupplier pid) {
        processes.put(name, () -> {
            try {
                return ownTicks(pid.getAsLong());
            }
            catch (RuntimeException notRunning) {
                return 0;
            }
        });
        return this;
    }

    static boolean supported() {
        return Files.isReadable(PROC.resolve("self").resolve("stat"));
    }

    /** Each process's CPU time so far, in ticks. */
    Sample sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        processes.forEach((name, reader) -> ticks.put(name, reader.getAsLong()));
        return new Sample(ticks);
    }

    record Sample(Map<String, Long> ticks) {

        /** CPU time each process spent since {@code earlier}. */
        Map<String, Duration> since(Sample earlier) {
            Map<String, Duration> spent = new LinkedHashMap<>();
            ticks.forEach((name, now) -> spent.put(name, Duration
                .ofMillis(Math.max(0, now - earlier.ticks.getOrDefault(name, 0L)) * 1000 / TICKS_PER_SECOND)));
            return spent;
        }

    }

    private static long treeTicks(long rootPid) {
        long total = ticks(rootPid, true);
        try (Stream<ProcessHandle> descendants = ProcessHandle.of(rootPid)
            .stream()
            .flatMap(ProcessHandle::descendants)) {
            total += descendants.mapToLong(child -> ticks(child.pid(), true)).sum();
        }
        return total;
    }

    private static long ownTicks(long pid) {
        return ticks(pid, false);
    }

    // fields after the command's closing parenthesis: state is field 3, utime 14, stime
    // 15, cutime 16, cstime 17
    private static long ticks(long pid, boolean withWaitedForChildren) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
        }
        catch (IOException gone) {
            return 0;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withWaitedForChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

}
