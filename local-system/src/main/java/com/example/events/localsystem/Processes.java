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
    // the launcher, which then
    // stops the children in order (services before the broker and databases they still
    // talk to while stopping).
    // Started from Java the child is never a process group leader, so setsid execs in
    // place and keeps the pid.
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Processes() {
    }

    static Process startDetached(List<String> command, Path log, Consumer<ProcessBuilder> customizer) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        customizer.accept(builder);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command.getFirst(), ex);
        }
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
