package com.example.events.localsystem;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Real processes: a launcher JVM with a child under its watchdog, SIGKILLed, and what is
 * left of it afterwards.
 */
class WatchdogTest {

    // SIGKILL after the test launcher's 1 s grace, on a loaded machine
    private static final Duration GONE_WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void aChildEndsWithItsLauncherEvenWhenTheLauncherIsKilled() throws Exception {
        Path record = directory.resolve("processes.txt");
        Launched launched = launch(record);

        launched.jvm().destroyForcibly();

        await().atMost(GONE_WITHIN).untilAsserted(() -> {
            assertThat(launched.child().isAlive()).as("the child, stopped by the watchdog").isFalse();
            assertThat(launched.watchdog().isAlive()).as("the watchdog, done").isFalse();
        });
        assertThat(record).as("the record, removed by the watchdog").doesNotExist();
    }

    @Test
    void theNextWatchdogOnTheRecordStopsWhatALauncherKilledWithItsWatchdogLeft() throws Exception {
        Path record = directory.resolve("processes.txt");
        Launched launched = launch(record);
        launched.watchdog().destroyForcibly();
        launched.jvm().destroyForcibly();
        launched.jvm().waitFor();
        Thread.sleep(1_000);
        assertThat(launched.child().isAlive()).as("the child, with nobody left to stop it").isTrue();

        try (Watchdog next = Watchdog.start(record, Duration.ofSeconds(1))) {
            assertThat(next.leftovers()).isEqualTo(new Watchdog.Leftovers(Long.toString(launched.jvm().pid()),
                    List.of("stubborn-child (pid " + launched.child().pid() + ")")));
        }
        // gone once whoever inherited it has reaped it
        await().atMost(GONE_WITHIN)
            .untilAsserted(() -> assertThat(launched.child().isAlive()).as("the child, stopped by the next watchdog")
                .isFalse());
        assertThat(record).doesNotExist();
    }

    @Test
    void aRecordWhoseLauncherStillRunsIsLeftAlone() {
        Path record = directory.resolve("processes.txt");
        try (Watchdog running = Watchdog.start(record)) {
            assertThatThrownBy(() -> Watchdog.start(record)).isInstanceOf(Watchdog.InUseException.class)
                .hasMessageContaining("started by process " + ProcessHandle.current().pid() + " is still running");
            assertThat(running.leftovers()).isNull();
            assertThat(record).exists();
        }
        assertThat(record).doesNotExist();
    }

    record Launched(Process jvm, ProcessHandle child, ProcessHandle watchdog) {
    }

    /** Starts {@link WatchedChildLauncher} as a JVM of its own and reads its pids. */
    static Launched launch(Path record) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WatchedChildLauncher.class.getName(), record.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        String line = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
        assertThat(line).as("the launcher's pids").isNotNull();
        String[] pids = line.split(" ");
        return new Launched(jvm, ProcessHandle.of(Long.parseLong(pids[0])).orElseThrow(),
                ProcessHandle.of(Long.parseLong(pids[1])).orElseThrow());
    }

}
