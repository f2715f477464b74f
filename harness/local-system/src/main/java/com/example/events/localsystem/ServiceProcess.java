package com.example.events.localsystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One service as its own JVM, started from its packaged jar as in production, reaching
 * the broker through its own {@link BrokerProxy} (or directly, in a local system built
 * {@link LocalSystem.Builder#withoutProxies() without proxies}). It can be stopped,
 * killed and started again on the same port, database and log, and it ends with the JVM
 * that started it at the latest.
 */
public final class ServiceProcess {

    // Spring Boot's console format: "<timestamp> <level> <pid> --- ..."
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+\\s+ERROR\\s.*");

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    // A JVM still starting Spring acts on SIGTERM only once its context is up; it has
    // nothing to drain yet.
    private static final Duration STOP_GRACE_WHILE_STARTING = Duration.ofSeconds(3);

    private static final Path PROC = Path.of("/proc");

    // environment that would point a service somewhere else than this local system
    private static final List<String> INHERITED_BUT_UNWANTED = List.of("AWS_PROFILE", "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SQS", "MESSAGING_TOPIC_ARN", "SPRING_CONFIG_LOCATION",
            "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_APPLICATION_JSON", "SPRING_PROFILES_ACTIVE");

    private final String name;

    private final Path jar;

    private final int port;

    private final List<String> jvmOptions;

    private final Map<String, String> environment;

    private final Path log;

    private final BrokerProxy brokerProxy;

    private final Duration startupTimeout;

    private final Watchdog watchdog;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final AtomicLong peakRss = new AtomicLong();

    private volatile Process process;

    private volatile boolean ready;

    // started and neither stopped nor killed through this handle since
    private volatile boolean meantToRun;

    ServiceProcess(String name, Path jar, int port, List<String> jvmOptions, Map<String, String> environment, Path log,
            BrokerProxy brokerProxy, Duration startupTimeout, Watchdog watchdog) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.brokerProxy = brokerProxy;
        this.startupTimeout = startupTimeout;
        this.watchdog = watchdog;
    }

    public String name() {
        return name;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + port);
    }

    /** The pid of the current (or last) process. */
    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return current.pid();
    }

    /** Starts the process and waits until it is ready. */
    public void start() {
        launch();
        try {
            awaitHealthy(startupTimeout);
        }
        catch (RuntimeException ex) {
            meantToRun = false;
            throw ex;
        }
    }

    /**
     * SIGTERM, as an orchestrator stops a task (a graceful shutdown); SIGKILL if it takes
     * over 30 s, or over 3 s when it was not ready yet. Returns once the process is gone.
     */
    public void stop() {
        meantToRun = false;
        Process current = process;
        if (current != null) {
            Processes.stop(current, ready ? STOP_GRACE : STOP_GRACE_WHILE_STARTING);
        }
    }

    /**
     * SIGKILL, as a crash or the OOM killer: no shutdown at all. Returns once the process
     * is gone.
     */
    public void kill() {
        meantToRun = false;
        Process current = process;
        if (current != null) {
            Processes.kill(current);
        }
    }

    /** {@link #stop()}, then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * It exited by itself: it was started and not stopped or killed through this handle.
     */
    boolean stoppedUnexpectedly() {
        return meantToRun && !isAlive();
    }

    /**
     * Waits until {@code /actuator/health/readiness} answers 200; fails at once if the
     * process exits.
     */
    public void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest readiness = HttpRequest.newBuilder(baseUrl().resolve("/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(3))
            .build();
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(
                        name + " is not running" + exitDescription() + "; see " + log + lastLines());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    ready = true;
                    return;
                }
            }
            catch (IOException notYet) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, ex);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        name + " was not ready within " + timeout + "; see " + log + lastLines());
            }
            Processes.sleep(Duration.ofMillis(250));
        }
    }

    /**
     * Resets its open connections to the broker and refuses new ones; the broker itself
     * keeps running.
     * @throws IllegalStateException when it talks to the broker directly (no proxy)
     */
    public void cutBroker() {
        brokerProxy().cut();
    }

    /** Lets it reach the broker again. */
    public void restoreBroker() {
        brokerProxy().restore();
    }

    /**
     * The highest resident set size any of its processes reached so far (VmHWM, sampled
     * every half second and once more now; on systems without /proc, the current RSS from
     * {@code ps}, sampled, as a best effort).
     */
    public long peakRssBytes() {
        sampleRss();
        return peakRss.get();
    }

    /** Its console output, all starts appended to one file. */
    public Path logFile() {
        return log;
    }

    /** The log lines at ERROR level, over all starts. */
    public List<String> errorLines() {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> ERROR_LINE.matcher(line).matches()).toList();
        }
        catch (IOException | UncheckedIOException ex) {
            throw new IllegalStateException("Could not read " + log, ex);
        }
    }

    @Override
    public String toString() {
        return name + " at " + baseUrl();
    }

    /** Starts the process without waiting for it to be ready. */
    void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        ready = false;
        meantToRun = true;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        process = Processes.startDetached(name, command, log, builder -> {
            INHERITED_BUT_UNWANTED.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
        }, watchdog);
        Process started = process;
        Thread.ofVirtual().name("rss-" + name).start(() -> {
            while (started.isAlive()) {
                sampleRss();
                Processes.sleep(Duration.ofMillis(500));
            }
        });
    }

    private BrokerProxy brokerProxy() {
        if (brokerProxy == null) {
            throw new IllegalStateException(
                    name + " talks to the broker directly (a local system built withoutProxies()): "
                            + "there is no path of its own to cut or restore");
        }
        return brokerProxy;
    }

    private void sampleRss() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        long bytes = Files.isDirectory(PROC) ? vmHwm(current.pid()) : psRss(current.pid());
        peakRss.accumulateAndGet(bytes, Math::max);
    }

    private static long vmHwm(long pid) {
        try (Stream<String> lines = Files.lines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                .findFirst()
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                .orElse(0L);
        }
        catch (IOException | UncheckedIOException gone) {
            return 0;
        }
    }

    private static long psRss(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
            String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return out.isEmpty() ? 0 : Long.parseLong(out) * 1024;
        }
        catch (IOException | NumberFormatException unavailable) {
            return 0;
        }
    }

    private String exitDescription() {
        Process current = process;
        return current == null ? "" : " (exit code " + current.exitValue() + ")";
    }

    private String lastLines() {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return "\n---- last lines of " + log.getFileName() + " ----\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "";
        }
    }

}
