package com.example.events.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.web.client.RestClient;

/** One service as its own JVM, started from its packaged jar, as it runs in production. */
final class ServiceProcess {

    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final String name;
    private final Path jar;
    private final List<String> arguments;
    private final int port;
    private final Path log;
    private Process process;

    ServiceProcess(String name, String jarProperty, List<String> arguments) {
        this.name = name;
        this.jar = Path.of(System.getProperty(jarProperty, "")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar not found at " + jar + ": run the build from the root "
                + "(./mvnw verify) so the services are packaged before these tests");
        }
        this.port = freePort();
        this.arguments = new ArrayList<>(arguments);
        this.arguments.add("--server.port=" + port);
        this.log = Path.of("target", "e2e-logs", name + ".log");
    }

    void start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx384m");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name, ex);
        }
        awaitReady();
    }

    /** SIGTERM, as an orchestrator stops a task: the service shuts down gracefully. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    private void awaitReady() {
        RestClient http = RestClient.create(baseUrl());
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                Integer status = http.get().uri("/actuator/health/readiness")
                    .exchange((request, response) -> response.getStatusCode().value());
                if (status != null && status == 200) {
                    return;
                }
            }
            catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep();
        }
        stop();
        throw new IllegalStateException(name + " not ready within " + STARTUP + "; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
