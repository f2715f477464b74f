package com.example.events.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.events.localsystem.LocalSystem;
import com.example.events.localsystem.console.AdminCredentials;
import com.example.events.localsystem.console.Console;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: Debian's Chromium ({@code apt-get install chromium}),
 * driven headless by the pinned playwright-core in {@code harness/tools/console-test},
 * against a real local system. The script clicks through the page as a person would and
 * checks what the page shows against the reservation-service's API; its steps are in
 * {@code harness/tools/console-test/console-test.mjs}. Its Reconcile runs the
 * repository's own {@code ops/reconcile}, and its Backfill member-service's. The README's
 * screenshot ({@code docs/images/console.png}) is the one it takes while the
 * reservation-service is down ({@code target/console/console.png}); a failed run leaves
 * {@code console-failure.png} beside it.
 */
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /**
     * The whole browser session, a restart of the reservation-service included; on a busy
     * two-core machine that restart alone can take two minutes.
     */
    private static final Duration BROWSER_TEST_TIMEOUT = Duration.ofMinutes(10);

    private static LocalSystem system;

    private static Console console;

    @BeforeAll
    static void start() {
        system = Systems.builder().start();
        console = Console.start(system, 0, AdminCredentials.defaults());
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        Systems.stop(system);
    }

    @Test
    void theConsoleShowsADeletionCrossingOverAndTheQueueHoldingEventsWhileTheConsumerIsDown() throws Exception {
        Path script = Path.of(System.getProperty("console-test.dir"));
        Path reconcile = script.resolve("../../../ops/reconcile").normalize();
        Path node = Path.of(System.getProperty("console-test.node"));
        Path screenshot = Path.of(System.getProperty("console-test.screenshot"));
        assertThat(CHROMIUM).as("Debian's Chromium: apt-get install chromium").isExecutable();
        assertThat(script.resolve("node_modules/playwright-core"))
            .as("playwright-core: (cd harness/tools/console-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)")
            .isDirectory();
        assertThat(node).as("the emulator's pinned Node: (cd harness/tools/fauxqs && npm ci)").isExecutable();
        assertThat(reconcile).as("the operator command the page's Reconcile runs").isExecutable();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);
        Files.deleteIfExists(screenshot.resolveSibling("console-failure.png"));

        ProcessBuilder builder = new ProcessBuilder(node.toString(), "console-test.mjs").directory(script.toFile())
            .redirectErrorStream(true);
        builder.environment().put("CONSOLE_URL", console.url().toString());
        builder.environment().put("RESERVATION_SERVICE_URL", system.reservationService().baseUrl().toString());
        builder.environment().put("SCREENSHOT", screenshot.toString());
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process browserTest = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> echo(browserTest, output));
        boolean finished = browserTest.waitFor(BROWSER_TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            browserTest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(10));

        assertThat(finished).as("the browser test finished within %s:%n%s", BROWSER_TEST_TIMEOUT, joined(output))
            .isTrue();
        assertThat(browserTest.exitValue()).as("the browser test:%n%s", joined(output)).isZero();
        assertThat(screenshot).isNotEmptyFile();
    }

    private static void echo(Process process, List<String> output) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println(line);
                synchronized (output) {
                    output.add(line);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String joined(List<String> output) {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

}
