package com.example.events.localsystem;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as run-local.sh runs it: a separate JVM, judged by its exit code and what
 * it prints.
 */
class LocalSystemMainTest {

    @TempDir
    Path workingDirectory;

    @Test
    void aTakenPortEndsItWithOneClearLineBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = occupy(LocalSystem.RESERVATION_SERVICE_PORT)) {
            Result result = run("--clean");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).hasSize(1);
            assertThat(result.stderr().getFirst()).matches("\\[local-system] port \\d+ is already in use .*");
            assertThat(workingDirectory.resolve(".run-local")).as("nothing started, nothing created").doesNotExist();
        }
    }

    @Test
    void aStartAfterARunKilledWithItsWatchdogStopsWhatThatRunLeftAndSaysSo() throws Exception {
        Path record = workingDirectory.resolve(".run-local").resolve("processes.txt");
        WatchdogTest.Launched killed = WatchdogTest.launch(record);
        killed.watchdog().destroyForcibly();
        killed.jvm().destroyForcibly();
        killed.jvm().waitFor();

        // a taken port ends this start right after the clean-up, before anything starts
        try (ServerSocket taken = occupy(LocalSystem.RESERVATION_SERVICE_PORT)) {
            Result result = run();

            assertThat(result.stdout()).containsExactly("[local-system] an earlier run with this data directory "
                    + "(launcher pid " + killed.jvm().pid() + ") ended without stopping its processes; stopped what "
                    + "it left running: stubborn-child (pid " + killed.child().pid() + ")");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).hasSize(1).first().asString().contains("is already in use");
        }
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(killed.child().isAlive()).as("what the killed run left").isFalse());
        assertThat(record).doesNotExist();
    }

    @Test
    void aRunStillUsingTheDataDirectoryIsLeftAloneAndNamed() throws Exception {
        Path record = workingDirectory.resolve(".run-local").resolve("processes.txt");
        try (Watchdog running = Watchdog.start(record)) {
            Result result = run();

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).containsExactly("[local-system] a local system started by process "
                    + ProcessHandle.current().pid() + " is still running with " + record.getParent()
                    + "; stop it first (Ctrl-C where it runs, or kill " + ProcessHandle.current().pid() + ")");
            assertThat(record).as("its record").exists();
        }
    }

    @Test
    void anUnknownArgumentIsAUsageError() throws Exception {
        Result result = run("--what");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).first().isEqualTo("Unknown argument: --what");
        assertThat(result.stderr()).anyMatch(line -> line.startsWith("Usage: ./run-local.sh"));
    }

    // Binding fails when something else holds the port already, which serves the test
    // just as well.
    private static ServerSocket occupy(int port) throws IOException {
        try {
            return new ServerSocket(port);
        }
        catch (IOException alreadyTaken) {
            return new ServerSocket(0);
        }
    }

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        System.getProperty("java.class.path"), LocalSystemMain.class.getName()));
        command.addAll(List.of(args));
        Path out = workingDirectory.resolve("out.txt");
        Path err = workingDirectory.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readAllLines(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

}
