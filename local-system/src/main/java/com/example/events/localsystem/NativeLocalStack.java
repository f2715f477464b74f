package com.example.events.localsystem;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * LocalStack run natively, without Docker: its Python distribution from PyPI, pinned with
 * hashes in {@code tools/localstack/requirements.txt} and installed into
 * {@code tools/localstack/.venv} by {@code tools/localstack/install.sh} (on first use
 * here, when it is missing). Only SNS and SQS, on 127.0.0.1, without its DNS server, its
 * working files in a folder of the caller's. Why this release and these settings:
 * {@code docs/decisions/0006-localstack-natively.md}.
 */
public final class NativeLocalStack implements LocalBroker {

    /**
     * The release everywhere: here, the tests' Testcontainers image and
     * {@code docker-compose.yml}. The last free release, 4.14.0, does not import on
     * Python 3.11.
     */
    public static final String RELEASE = "4.13.1";

    /**
     * What LocalStack is told wherever it runs, in a container or not: only SNS and SQS,
     * loaded before it reports healthy; 4.14.0's SNS provider (4.13.1's {@code v2});
     * queue URLs on the endpoint's own host, which needs no DNS; no DNS server, no
     * analytics, no certificate download (no network).
     */
    public static final Map<String, String> SETTINGS = settings();

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path home;

    private final int port;

    private final Path log;

    private final Path filesystemRoot;

    private final Watchdog watchdog;

    private final URI endpoint;

    private volatile Process process;

    private NativeLocalStack(Path home, int port, Path log, Watchdog watchdog) {
        this.home = home;
        this.port = port;
        this.log = log;
        this.filesystemRoot = log.toAbsolutePath().resolveSibling("localstack-" + port);
        this.watchdog = watchdog;
        this.endpoint = URI.create("http://localhost:" + port);
    }

    static NativeLocalStack start(int requestedPort, Path log, Watchdog watchdog) {
        Path home = Repository.root().resolve("tools/localstack");
        installIfMissing(home);
        var localStack = new NativeLocalStack(home, requestedPort == 0 ? Ports.free() : requestedPort, log, watchdog);
        localStack.launch();
        return localStack;
    }

    /**
     * Whether {@code tools/localstack/install.sh} has made the virtualenv (of whatever
     * release: a start checks the release and says to reinstall).
     */
    public static boolean installed() {
        return Files.isExecutable(Repository.root().resolve("tools/localstack/.venv/bin/python"));
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SERVICES", "sns,sqs");
        settings.put("EAGER_SERVICE_LOADING", "1");
        settings.put("PROVIDER_OVERRIDE_SNS", "v2");
        settings.put("SQS_ENDPOINT_STRATEGY", "path");
        settings.put("DNS_ADDRESS", "0");
        settings.put("DISABLE_EVENTS", "1");
        settings.put("SKIP_SSL_CERT_DOWNLOAD", "1");
        return Map.copyOf(settings);
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    /** Its endpoint with credentials of account 000000000000. */
    @Override
    public Broker broker() {
        return new Broker(endpoint, REGION, "test", "test");
    }

    @Override
    public String description() {
        return "LocalStack " + RELEASE;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the process and starts a new one on the same port: every topic, queue,
     * subscription and message is gone, and every open connection ends.
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
        process = Processes.startDetached("sns-sqs-broker",
                List.of(home.resolve(".venv/bin/python").toString(), "-m", "localstack.runtime.main"), log, builder -> {
                    // its own package must not shadow the standard library's logging, so
                    // never started from inside site-packages
                    builder.directory(home.toFile());
                    Map<String, String> environment = builder.environment();
                    environment.putAll(SETTINGS);
                    // these machines may have a /.dockerenv: LocalStack would take itself
                    // for
                    // its Docker image and look for the image's folders
                    environment.put("OVERRIDE_IN_DOCKER", "0");
                    environment.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
                    environment.put("LOCALSTACK_HOST", "localhost:" + port);
                    environment.put("FILESYSTEM_ROOT", filesystemRoot.toString());
                }, watchdog);
        try {
            awaitHealthy();
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    private static void installIfMissing(Path home) {
        Path stamp = home.resolve(".venv/installed-requirements.txt");
        try {
            if (Files.isRegularFile(stamp) && Files.mismatch(stamp, home.resolve("requirements.txt")) == -1) {
                return;
            }
        }
        catch (IOException ex) {
            // reinstall below
        }
        Path installLog = home.resolve("install.log");
        try {
            Process install = new ProcessBuilder("bash", home.resolve("install.sh").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(installLog.toFile()))
                .start();
            if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
                install.destroyForcibly();
                throw new IllegalStateException("Installing LocalStack into " + home.resolve(".venv") + " failed: "
                        + Files.readString(installLog, StandardCharsets.UTF_8).strip());
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not run " + home.resolve("install.sh"), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing LocalStack", ex);
        }
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "LocalStack exited with " + process.exitValue() + "; its output is in " + log);
            }
            String version = healthyVersion();
            if (version != null) {
                if (!version.equals(RELEASE)) {
                    throw new IllegalStateException("tools/localstack/.venv holds LocalStack " + version + ", not "
                            + RELEASE + "; rerun tools/localstack/install.sh");
                }
                return;
            }
            Processes.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                "LocalStack did not become healthy within " + STARTUP_TIMEOUT + "; its output is in " + log);
    }

    /** The version its health endpoint reports once SNS and SQS run, else null. */
    private String healthyVersion() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/_localstack/health")
                .toURL()
                .openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(1000);
            try {
                if (connection.getResponseCode() != 200) {
                    return null;
                }
                String body = new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean running = Pattern.compile("\"sns\":\\s*\"(running|available)\"").matcher(body).find()
                        && Pattern.compile("\"sqs\":\\s*\"(running|available)\"").matcher(body).find();
                var version = Pattern.compile("\"version\":\\s*\"([^\"]+)\"").matcher(body);
                return running && version.find() ? version.group(1) : null;
            }
            finally {
                connection.disconnect();
            }
        }
        catch (IOException ex) {
            return null;
        }
    }

}
