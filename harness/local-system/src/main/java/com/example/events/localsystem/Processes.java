package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starting and stopping the child processes of a local system. */
final class Processes {

    // setsid puts a child in its own session, so a Ctrl-C in the terminal reaches only
    // the launcher, which then stops the children in order (services before the broker
    // and databases they still talk to while stopping). Started from Java the child is
    // never a process group leader, so setsid execs in place and keeps the pid.
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    /**
     * Starts a child in a session of its own, its output appended to {@code log}, watched
     * by {@code watchdog} so that it ends with this JVM.
     */
    static Process startDetached(String name, List<String> command, Path log, Consumer<ProcessBuilder> customizer,
            Watchdog watchdog) {
        List<String> full = new ArrayList<>(detached());
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        customizer.accept(builder);
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command.getFirst(), ex);
        }
        try {
            watchdog.watch(name, process.toHandle());
        }
        catch (RuntimeException ex) {
            kill(process);
            throw ex;
        }
        return process;
    }

    /**
     * The command prefix that starts a process in a session of its own, where there is
     * one.
     */
    static List<String> detached() {
        return Files.isExecutable(SETSID) ? List.of(SETSID.toString()) : List.of();
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited within {@code grace}; returns once it is
     * gone.
     */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(process, grace)) {
            kill(process);
        }
    }

    /** SIGKILL; returns once it is gone. */
    static void kill(Process process) {
        process.destroyForcibly();
        waitFor(process, Duration.ofSeconds(30));
    }

    static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

}
