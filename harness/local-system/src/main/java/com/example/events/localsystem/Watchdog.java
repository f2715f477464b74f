package com.example.events.localsystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Makes the processes a JVM starts end with it, however it ends: a small shell process
 * ({@code watchdog.sh}) reads a pipe from this JVM, learns every child's pid from it, and
 * stops those still running when the pipe ends, which the kernel does when the JVM exits,
 * also after a SIGKILL. Each pid is kept in a record file; a watchdog that was killed
 * together with its JVM leaves the record behind, and the next watchdog on the same file
 * stops what it names before anything else starts.
 */
final class Watchdog implements AutoCloseable {

    /** Between SIGTERM and SIGKILL once the JVM is gone. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Path PROC_SELF = Path.of("/proc/self/stat");

    private static final Watchdog NONE = new Watchdog(null, null, null, GRACE, null);

    private static Watchdog ofThisJvm;

    private final Process process;

    private final Writer pipe;

    private final BufferedReader answers;

    private final Duration grace;

    private final Leftovers leftovers;

    /**
     * What an earlier JVM's record named: that JVM's pid and the processes of it that
     * were still running and are being stopped now.
     */
    record Leftovers(String launcher, List<String> stopping) {
    }

    private Watchdog(Process process, Writer pipe, BufferedReader answers, Duration grace, Leftovers leftovers) {
        this.process = process;
        this.pipe = pipe;
        this.answers = answers;
        this.grace = grace;
        this.leftovers = leftovers;
    }

    /**
     * Starts a watchdog keeping its record in {@code record}. Where that file is left by
     * a JVM that is gone, first stops what it names (see {@link #leftovers()}); where its
     * JVM still runs, throws {@link InUseException}.
     */
    static Watchdog start(Path record) {
        return start(record, GRACE);
    }

    static Watchdog start(Path record, Duration grace) {
        if (!Files.isReadable(PROC_SELF)) {
            // no /proc to tell a process from a later one with the same pid: nothing is
            // watched
            return NONE;
        }
        List<String> command = new ArrayList<>(Processes.detached());
        command.addAll(List.of("/bin/sh", "-c", script(), "watchdog", record.toAbsolutePath().toString(),
                Long.toString(Math.max(1, grace.toSeconds()))));
        try {
            Files.createDirectories(record.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader answers = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String launcher = null;
            List<String> stopping = new ArrayList<>();
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                if (line.equals("ready")) {
                    return new Watchdog(process, process.outputWriter(StandardCharsets.UTF_8), answers, grace,
                            launcher == null ? null : new Leftovers(launcher, List.copyOf(stopping)));
                }
                if (line.startsWith("busy ")) {
                    process.getOutputStream().close();
                    throw new InUseException(record, line.substring("busy ".length()));
                }
                if (line.startsWith("leftover ")) {
                    launcher = line.substring("leftover ".length());
                }
                else if (line.startsWith("stopping ")) {
                    stopping.add(line.substring("stopping ".length()));
                }
            }
            throw new IllegalStateException("The watchdog exited with " + process.waitFor() + " before it was ready");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the watchdog on " + record, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the watchdog", ex);
        }
    }

    /**
     * The watchdog of the processes this JVM starts outside any local system (the tests'
     * shared emulator and database), with a record of its own in the temporary directory.
     */
    static synchronized Watchdog ofThisJvm() {
        if (ofThisJvm == null) {
            ofThisJvm = start(Path.of(System.getProperty("java.io.tmpdir"),
                    "local-system-watchdog-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".txt"));
        }
        return ofThisJvm;
    }

    /** What the record named when this watchdog started, or null when there was none. */
    Leftovers leftovers() {
        return leftovers;
    }

    /**
     * From now on {@code child} ends with this JVM; returns once it is in the record, so
     * the next start finds it even if the watchdog is killed right after.
     */
    synchronized void watch(String name, ProcessHandle child) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.write(child.pid() + " " + name.replaceAll("\\s+", " ") + "\n");
            pipe.flush();
            if (!"ok".equals(answers.readLine())) {
                throw new IOException("no answer");
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("The watchdog is gone (exit code "
                    + (process.isAlive() ? "none yet" : process.exitValue()) + "); " + name + " is not watched", ex);
        }
    }

    /** The watchdog's own pid, or -1 when there is none. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * Ends the pipe as the JVM's exit would: the watchdog stops whatever it watches that
     * still runs (normally nothing, the owner has stopped it), removes its record and
     * exits.
     */
    @Override
    public synchronized void close() {
        if (pipe == null) {
            return;
        }
        try {
            pipe.close();
        }
        catch (IOException alreadyGone) {
            // it exited; nothing to end
        }
        if (!Processes.waitFor(process, grace.plusSeconds(5))) {
            process.destroyForcibly();
        }
    }

    private static String script() {
        try (InputStream in = Watchdog.class.getResourceAsStream("watchdog.sh")) {
            if (in == null) {
                throw new IllegalStateException("watchdog.sh is missing from the local-system jar");
            }
            // without its comments: the script is the process's command line, shown by ps
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n", "", "\n"));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Another JVM that is still running keeps its processes in this record. */
    static final class InUseException extends IllegalStateException {

        InUseException(Path record, String launcherPid) {
            super("a local system started by process " + launcherPid + " is still running with "
                    + record.toAbsolutePath().getParent() + "; stop it first (Ctrl-C where it runs, or kill "
                    + launcherPid + ")");
        }

    }

}
