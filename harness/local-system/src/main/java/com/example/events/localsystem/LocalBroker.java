package com.example.events.localsystem;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An SNS/SQS broker this machine runs as a child process: the light emulator or
 * LocalStack. Both keep topics, queues and messages in memory only, so every start and
 * every {@link #restart()} is empty.
 */
public abstract sealed class LocalBroker implements RestartableBroker, AutoCloseable
        permits LocalEmulator, NativeLocalStack {

    public static final String REGION = "us-east-1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    final int port;

    final Path log;

    private final Watchdog watchdog;

    private final URI endpoint;

    private volatile Process process;

    LocalBroker(int port, Path log, Watchdog watchdog) {
        this.port = port;
        this.log = log;
        this.watchdog = watchdog;
        this.endpoint = URI.create("http://localhost:" + port);
    }

    /**
     * Starts one of {@code kind} on {@code port} (0 for a free one), its output in
     * {@code log} and its working files beside it; returns once it answers. It ends with
     * this JVM at the latest.
     */
    public static LocalBroker start(Kind kind, int port, Path log) {
        return start(kind, port, log, Watchdog.ofThisJvm());
    }

    static LocalBroker start(Kind kind, int port, Path log, Watchdog watchdog) {
        int chosen = port == 0 ? Ports.free() : port;
        LocalBroker broker = switch (kind) {
            case EMULATOR -> LocalEmulator.installed(chosen, log, watchdog);
            case LOCALSTACK -> NativeLocalStack.installed(chosen, log, watchdog);
        };
        broker.launch();
        return broker;
    }

    /** What it is and which release, as {@code LocalStack 4.13.1}. */
    public abstract String description();

    /** The command that runs it, and what it needs besides (folder, environment). */
    abstract List<String> command();

    abstract void customize(ProcessBuilder builder);

    /** Whether it answers now; throws when it answers as something it must not be. */
    abstract boolean healthy();

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public Broker broker() {
        return new Broker(endpoint, REGION, "test", "test");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the process and starts a new one on the same port: every topic, queue,
     * subscription and message is gone, and every open connection ends. Returns once the
     * new one is healthy.
     */
    @Override
    public synchronized void restart() {
        Processes.stop(process, STOP_GRACE);
        launch();
    }

    @Override
    public synchronized void close() {
        Processes.stop(process, STOP_GRACE);
    }

    private void launch() {
        Consumer<ProcessBuilder> customizer = this::customize;
        process = Processes.startDetached("sns-sqs-broker", command(), log, customizer, watchdog);
        try {
            awaitHealthy();
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        description() + " exited with " + process.exitValue() + "; its output is in " + log);
            }
            if (healthy()) {
                return;
            }
            Processes.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                description() + " did not become healthy within " + STARTUP_TIMEOUT + "; its output is in " + log);
    }

    /** The body of a 200 answer to {@code GET path}, or null for anything else. */
    String get(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            try {
                return connection.getResponseCode() == 200
                        ? new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return null;
        }
    }

    public enum Kind {

        /** fauxqs, pinned in {@code harness/tools/fauxqs}: needs only npm. */
        EMULATOR,

        /**
         * LocalStack from PyPI in {@code harness/tools/localstack/.venv}: needs Python
         * 3.11+.
         */
        LOCALSTACK;

        /** {@code emulator} or {@code localstack}, as on the command line. */
        public static Kind of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Unknown broker '" + name + "': emulator or localstack");
            }
        }

        /**
         * LocalStack where {@code harness/tools/localstack/install.sh} has made its
         * virtualenv, the emulator otherwise: the broker a machine without Docker tests
         * against.
         */
        public static Kind preferred() {
            return NativeLocalStack.installed() ? LOCALSTACK : EMULATOR;
        }

        public String argument() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

}
