package com.example.events.localsystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * LocalStack run natively, without Docker: its Python distribution from PyPI, pinned with
 * hashes in {@code harness/tools/localstack/requirements.txt} and installed into
 * {@code harness/tools/localstack/.venv} by {@code harness/tools/localstack/install.sh}
 * (on first use here, when it is missing). Only SNS and SQS, on 127.0.0.1, without its
 * DNS server, its working files in a folder of the caller's. Why this release and these
 * settings: {@code docs/decisions/0006-localstack-natively.md}.
 */
public final class NativeLocalStack extends LocalBroker {

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

    private static final Pattern SERVICE_RUNNING = Pattern.compile("\"(sns|sqs)\":\\s*\"(running|available)\"");

    private static final Pattern VERSION = Pattern.compile("\"version\":\\s*\"([^\"]+)\"");

    private final Path home;

    private final Path filesystemRoot;

    private NativeLocalStack(Path home, int port, Path log, Watchdog watchdog) {
        super(port, log, watchdog);
        this.home = home;
        this.filesystemRoot = log.toAbsolutePath().resolveSibling("localstack-" + port);
    }

    static NativeLocalStack installed(int port, Path log, Watchdog watchdog) {
        Path home = Repository.root().resolve("harness/tools/localstack");
        install(home);
        return new NativeLocalStack(home, port, log, watchdog);
    }

    /**
     * Whether {@code harness/tools/localstack/install.sh} has made the virtualenv (of
     * whatever release: a start checks the release and says to reinstall).
     */
    public static boolean installed() {
        return Files.isExecutable(Repository.root().resolve("harness/tools/localstack/.venv/bin/python"));
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
    public String description() {
        return "LocalStack " + RELEASE;
    }

    @Override
    List<String> command() {
        return List.of(home.resolve(".venv/bin/python").toString(), "-m", "localstack.runtime.main");
    }

    @Override
    void customize(ProcessBuilder builder) {
        // its own package must not shadow the standard library's logging, so never
        // started from inside site-packages
        builder.directory(home.toFile());
        Map<String, String> environment = builder.environment();
        environment.putAll(SETTINGS);
        // these machines may have a /.dockerenv: LocalStack would take itself for its
        // Docker image and look for the image's folders
        environment.put("OVERRIDE_IN_DOCKER", "0");
        environment.put("GATEWAY_LISTEN", "127.0.0.1:" + port);
        // the default gateway (twisted) listens on every IPv4 interface whatever
        // GATEWAY_LISTEN
        // says (runtime/server/twisted.py); hypercorn keeps to it
        environment.put("GATEWAY_SERVER", "hypercorn");
        environment.put("LOCALSTACK_HOST", "localhost:" + port);
        environment.put("FILESYSTEM_ROOT", filesystemRoot.toString());
    }

    /** Healthy once SNS and SQS run, and only as the pinned release. */
    @Override
    boolean healthy() {
        String health = get("/_localstack/health");
        if (health == null || SERVICE_RUNNING.matcher(health).results().count() < 2) {
            return false;
        }
        var version = VERSION.matcher(health);
        String found = version.find() ? version.group(1) : "unknown";
        if (!found.equals(RELEASE)) {
            throw new IllegalStateException("harness/tools/localstack/.venv holds LocalStack " + found + ", not "
                    + RELEASE + "; rerun harness/tools/localstack/install.sh");
        }
        return true;
    }

    // install.sh alone knows when the virtualenv is current; then it returns at once
    private static void install(Path home) {
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

}
