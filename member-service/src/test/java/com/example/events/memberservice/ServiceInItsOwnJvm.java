package com.example.events.memberservice;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The service in a JVM of its own, from the tests' classpath with profile {@code test}:
 * for stories about processes, a crash or logging that is set up once per JVM. Its
 * console output is kept for the test to read.
 */
public final class ServiceInItsOwnJvm implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Process process;

    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServiceInItsOwnJvm(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::collectOutput);
    }

    /**
     * Starts it and returns once it has logged that it started.
     * @param arguments {@code --name=value}
     */
    public static ServiceInItsOwnJvm start(Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), MemberServiceApplication.class.getName(),
                        "--spring.profiles.active=local,test"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ServiceInItsOwnJvm service;
        try {
            service = new ServiceInItsOwnJvm(builder.start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        try {
            await().atMost(STARTUP)
                .until(() -> !service.process.isAlive()
                        || service.output.stream().anyMatch(line -> line.contains("Started ")));
        }
        catch (RuntimeException ex) {
            service.close();
            throw ex;
        }
        return service;
    }

    /** Every line it wrote so far, standard error included. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL, as a crash ends a process: no shutdown hook, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void collectOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(output::add);
        }
        catch (IOException ex) {
            // the process ended
        }
    }

}
