package com.example.events.localsystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The pinned SNS/SQS emulator (npm {@code fauxqs} under {@code harness/tools/fauxqs}, run
 * by the Node runtime npm installs for this platform) as a child process. Installs itself
 * from the lockfile on first use. It keeps its topics and queues in memory only: every
 * start, and every {@link #restart()}, is empty.
 */
public final class LocalEmulator extends LocalBroker {

    /** fauxqs's {@code engines.node}. */
    private static final List<Integer> MINIMUM_NODE = List.of(22, 5, 0);

    private final Path home;

    private final String version;

    private LocalEmulator(Path home, int port, Path log, Watchdog watchdog) {
        super(port, log, watchdog);
        this.home = home;
        this.version = packageVersion(home);
    }

    static LocalEmulator installed(int port, Path log, Watchdog watchdog) {
        Path home = Repository.root().resolve("harness/tools/fauxqs");
        installIfMissing(home);
        return new LocalEmulator(home, port, log, watchdog);
    }

    /** The fauxqs version from its package.json. */
    public String version() {
        return version;
    }

    @Override
    public String description() {
        return "local emulator fauxqs " + version;
    }

    @Override
    List<String> command() {
        return List.of(nodeBinary(home).toString(), "--require", home.resolve("loopback.cjs").toString(),
                home.resolve("node_modules/fauxqs/dist/cli.js").toString());
    }

    @Override
    void customize(ProcessBuilder builder) {
        builder.directory(home.toFile());
        builder.environment().put("FAUXQS_PORT", Integer.toString(port));
        // the host in the URLs it answers with; where it listens is loopback.cjs's
        builder.environment().put("FAUXQS_HOST", "localhost");
        builder.environment().put("FAUXQS_DEFAULT_REGION", REGION);
        builder.environment().put("FAUXQS_LOGGER", "false");
    }

    @Override
    boolean healthy() {
        return get("/health") != null;
    }

    private static void installIfMissing(Path home) {
        if (Files.isRegularFile(home.resolve("node_modules/fauxqs/dist/cli.js"))
                && Files.isRegularFile(home.resolve("node_modules/fauxqs/package.json"))) {
            return;
        }
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        try {
            // not inheritIO: node puts an inherited stdin into non-blocking mode, which
            // breaks a test fork's channel
            Process npm = new ProcessBuilder(command).directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("npm-ci.log").toFile()))
                .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("'npm ci' in " + home + " failed; see " + home.resolve("npm-ci.log"));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("The SNS/SQS emulator is not installed and npm is not on the PATH: "
                    + "install Node.js and npm (the emulator brings its own Node 22 runtime where npm publishes one)",
                    ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing the SNS/SQS emulator", ex);
        }
    }

    /**
     * The runtime npm installed for this platform (the lockfile pins one for Linux x64,
     * Linux arm64 and macOS x64); where none is published (macOS on Apple silicon, for
     * one), the {@code node} on the PATH, if it is recent enough for fauxqs.
     */
    private static Path nodeBinary(Path home) {
        Path pinned = home.resolve("node_modules/node-" + platform() + "/bin/node");
        if (Files.isExecutable(pinned)) {
            return pinned;
        }
        String onPath = nodeOnPathVersion();
        if (onPath != null && atLeast(onPath, MINIMUM_NODE)) {
            return Path.of("node");
        }
        throw new IllegalStateException("No Node runtime for the SNS/SQS emulator: npm publishes none for " + platform()
                + ", and the node on the PATH is " + (onPath == null ? "missing" : "v" + onPath) + "; install Node.js "
                + String.join(".", MINIMUM_NODE.stream().map(String::valueOf).toList())
                + " or newer, or run with Docker (docker compose up --build)");
    }

    /**
     * The suffix npm's per-platform Node packages use: linux-x64, linux-arm64,
     * darwin-x64.
     */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return (os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "win" : os) + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "arm64" : arch);
    }

    private static String nodeOnPathVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(node.getInputStream().readAllBytes()).trim();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0 && out.startsWith("v") ? out.substring(1)
                    : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static boolean atLeast(String version, List<Integer> minimum) {
        String[] parts = version.split("[.-]");
        for (int i = 0; i < minimum.size(); i++) {
            int part = i < parts.length && parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
            if (part != minimum.get(i)) {
                return part > minimum.get(i);
            }
        }
        return true;
    }

    private static String packageVersion(Path home) {
        try {
            var matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(Files.readString(home.resolve("node_modules/fauxqs/package.json")));
            return matcher.find() ? matcher.group(1) : "unknown";
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

}
